# Every Table Schema type, categories objects, ordered categories and missingValues, on a package built here.

# Write a package of `tables` (name -> list(schema, csv text)) with measured sizes and hashes.
write_package <- function(tables, texts = list()) {
  root <- tempfile("synthetic")
  dir.create(file.path(root, "data"), recursive = TRUE)
  dir.create(file.path(root, "schemas"))
  resources <- list()
  for (name in names(tables)) {
    data <- sprintf("data/%s.csv", name)
    schema <- sprintf("schemas/%s.schema.json", name)
    writeBin(charToRaw(enc2utf8(tables[[name]]$csv)), file.path(root, data))
    jsonlite::write_json(tables[[name]]$schema, file.path(root, schema), auto_unbox = TRUE, pretty = TRUE)
    resources[[length(resources) + 1L]] <- list(
      name = name, type = "table", path = data, schema = schema,
      bytes = file.size(file.path(root, data)), hash = sha256(file.path(root, data)),
      schemaBytes = file.size(file.path(root, schema)), schemaHash = sha256(file.path(root, schema))
    )
  }
  write_descriptor(root, list(
    "$schema" = "https://datapackage.org/profiles/2.0/datapackage.json",
    name = "synthetic", version = "0.1.0", created = "2030-05-06T00:00:00Z", resources = resources
  ))
  root
}

field <- function(name, type, ...) list(name = name, type = type, ...)

test_that("each Table Schema type becomes its R type, with NA for the schema's missing values", {
  things <- list(
    schema = list(
      fields = list(
        field("id", "string", constraints = list(required = TRUE)),
        field("n", "integer"),
        field("x", "number"),
        field("flag", "boolean"),
        field("day", "date"),
        field("level", "string", categories = list(list(value = "low"), list(value = "mid", label = "Middle"), "high"), categoriesOrdered = TRUE),
        field("kind", "string", constraints = list(enum = list("b", "a"))),
        field("note", "string")
      ),
      missingValues = list("", "n/a")
    ),
    csv = paste0(
      "id,n,x,flag,day,level,kind,note\n",
      "r1,12,2.5,true,2024-02-29,high,a,NA\n",
      "r2,-3,-1e3,false,,low,b,n/a\n",
      "r3,,0.1,,1999-12-31,,,\"\"\n",
      "r4,2147483647,12345678901234567,false,2000-01-01,mid,a,\"\u00e9, \"\"quoted\"\"\nand a line break\"\n"
    )
  )
  plain <- list(schema = list(fields = list(field("a", "string")), missingValues = list()), csv = "a\nx\n\"\"\n")
  bare <- list(schema = list(fields = list(field("a", "string"), field("b", "integer"))), csv = "a,b\nNA,\n,7")
  ds <- read_csto(write_package(list(things = things, plain = plain, bare = bare)))
  t <- ds$things
  expect_identical(t$id, c("r1", "r2", "r3", "r4"))
  expect_identical(t$n, c(12L, -3L, NA, 2147483647L))
  expect_identical(t$x, c(2.5, -1000, 0.1, 12345678901234567))
  expect_identical(t$flag, c(TRUE, FALSE, NA, FALSE))
  expect_identical(t$day, as.Date(c("2024-02-29", NA, "1999-12-31", "2000-01-01")))
  expect_identical(t$level, factor(c("high", "low", NA, "mid"), levels = c("low", "mid", "high"), ordered = TRUE))
  expect_identical(t$kind, factor(c("a", "b", NA, "a"), levels = c("b", "a")))
  expect_identical(t$note, c("NA", NA, NA, "\u00e9, \"quoted\"\nand a line break"))
  expect_identical(ds$plain$a, c("x", ""))
  expect_identical(ds$bare$a, c("NA", NA))
  expect_identical(ds$bare$b, c(NA, 7L))
  expect_identical(attr(ds, "citation"), "synthetic (2030). synthetic (version 0.1.0) [Data set].")
  expect_length(attr(ds, "texts"), 0L)
  expect_error(text(ds, "x"), class = "csto_unknown_record_error", regexp = "no documents table")
})

test_that("booleans and numbers take only their canonical forms", {
  for (case in list(c("boolean", "TRUE", "true or false"), c("boolean", "1", "true or false"), c("number", "1,5", "a decimal number"), c("number", "Inf", "a decimal number"), c("integer", "12.0", "an integer in canonical form"))) {
    table <- list(schema = list(fields = list(field("v", case[1L]))), csv = sprintf("v\n\"%s\"\n", case[2L]))
    root <- write_package(list(t = table))
    expect_error(read_csto(root), class = "csto_table_error", regexp = sprintf("t.csv row 2 column 'v': expected %s", case[3L]), label = case[2L])
  }
})

test_that("field types and formats outside the profile are refused", {
  for (bad in list(field("v", "duration"), field("v", "date", format = "%d/%m/%Y"), field("v", "string", categoriesOrdered = TRUE, constraints = list(enum = list("a", "a"))))) {
    root <- write_package(list(t = list(schema = list(fields = list(bad)), csv = "v\na\n")))
    expect_error(read_csto(root), class = "csto_descriptor_error", regexp = "t.schema.json: fields\\[0\\]")
  }
})

# read_csto on the repository's package and on every release archive: tables, types, NA, attributes.

# What each Table Schema type becomes, from docs/r.md; enumerations are factors.
R_CLASS <- c(string = "character", integer = "integer", number = "numeric", boolean = "logical", date = "Date")

sources <- function() c(repo_root(), releases())

test_that("every source loads, with its version and its tables in descriptor order", {
  registry <- jsonlite::read_json(repo_file("src", "csto_annotations", "releases.json"))$releases
  expect_identical(basename(releases()), sort(vapply(registry, function(r) r$file, "")))
  for (path in sources()) {
    ds <- read_csto(path)
    d <- read_descriptor(if (dir.exists(path)) path else unpack(path))
    tables <- vapply(Filter(function(r) r$type == "table", d$resources), function(r) r$name, "")
    expect_s3_class(ds, "csto_dataset")
    expect_identical(names(ds), tables)
    expect_identical(attr(ds, "version"), d$version)
    expect_true(all(vapply(ds, is.data.frame, NA)))
  }
  expect_identical(vapply(releases(), function(z) attr(read_csto(z), "version"), ""),
                   vapply(releases(), function(z) sub("^csto-annotations-(.*)[.]zip$", "\\1", basename(z)), ""),
                   ignore_attr = TRUE)
})

test_that("a package is found by its folder, its datapackage.json, or from inside the folder", {
  by_file <- read_csto(repo_file("datapackage.json"))
  old <- setwd(repo_root())
  on.exit(setwd(old))
  expect_identical(unclass(read_csto()), unclass(by_file))
})

test_that("every column has the R type of its schema field, and enumerations are factors in schema order", {
  for (path in c(repo_root(), unpack(releases()[1L]))) {
    ds <- read_csto(path)
    for (table in names(ds)) {
      fields <- schema_of(path, table)$fields
      expect_identical(names(ds[[table]]), vapply(fields, function(f) f$name, ""))
      for (f in fields) {
        column <- ds[[table]][[f$name]]
        labels <- if (!is.null(f$categories)) unlist(f$categories) else unlist(f$constraints$enum)
        if (is.null(labels)) {
          expect_identical(class(column)[1L], R_CLASS[[f$type]], label = paste(table, f$name))
        } else {
          expect_identical(levels(column), labels, label = paste(table, f$name))
          expect_identical(is.ordered(column), isTRUE(f$categoriesOrdered), label = paste(table, f$name))
        }
      }
    }
  }
})

test_that("claims.certainty is ordered from certain to underspecified in 2.0.0 and nominal in 1.0.0", {
  certainty <- read_csto(repo_root())$claims$certainty
  expect_identical(class(certainty), c("ordered", "factor"))
  expect_identical(levels(certainty), c("certain", "probable", "possible", "underspecified"))
  expect_true(all(certainty[certainty <= "probable"] %in% c("certain", "probable")))
  expect_false(is.ordered(read_csto(releases()[1L])$claims$certainty))
})

test_that("every cell equals the CSV's text, and exactly the empty cells are NA", {
  ds <- read_csto(repo_root())
  empty <- 0L
  for (table in names(ds)) {
    raw <- utils::read.csv(repo_file("data", paste0(table, ".csv")),
      colClasses = "character", na.strings = character(), check.names = FALSE, encoding = "UTF-8"
    )
    expect_identical(nrow(ds[[table]]), nrow(raw))
    for (name in names(raw)) {
      column <- ds[[table]][[name]]
      expect_identical(is.na(column), raw[[name]] == "", label = paste(table, name))
      shown <- if (inherits(column, "Date")) format(column, "%Y-%m-%d") else as.character(column)
      expect_identical(shown[!is.na(column)], raw[[name]][raw[[name]] != ""], label = paste(table, name))
      empty <- empty + sum(raw[[name]] == "")
    }
  }
  expect_gt(empty, 100L) # the claims alone have hundreds of empty optional cells
})

test_that("non-ASCII cells are UTF-8 and count code points", {
  ds <- read_csto(repo_root())
  expect_true(any(grepl("\u201c", ds$claims$exact)) && any(grepl("\u2019", ds$quotes$exact)))
  expect_true(any(grepl("[^\\x01-\\x7f]", ds$claims$exact, perl = TRUE)))
  for (table in c("mentions", "quotes", "claims", "citations")) {
    frame <- ds[[table]]
    expect_true(all(Encoding(frame$exact[grepl("[^\\x01-\\x7f]", frame$exact, perl = TRUE)]) == "UTF-8"))
    expect_identical(nchar(frame$exact, type = "chars"), frame$end - frame$start, label = table)
  }
})

test_that("the dataset carries its version, citation, texts, schemas and descriptor hash", {
  ds <- read_csto(repo_root())
  expect_identical(attr(ds, "name"), "csto-annotations")
  expect_identical(attr(ds, "descriptor_sha256"), sha256(repo_file("datapackage.json")))
  expect_identical(names(attr(ds, "texts")), ds$documents$document_id)
  expect_identical(names(attr(ds, "schemas")), names(ds))
  printed <- capture.output(print(ds))
  expect_match(printed[1L], "^<csto_dataset csto-annotations [0-9.]+: 7 tables>$")
  expect_true(any(grepl("^  claims +77 rows x 19 columns$", printed)))
  expect_true(any(grepl("^Cite as:$", printed)))
})

test_that("the citation is the one the README shows, which python -m csto_annotations cite prints", {
  readme <- paste(readLines(repo_file("README.md"), encoding = "UTF-8"), collapse = "\n")
  shown <- regmatches(readme, regexpr("(?s)```text\n(.*?)\n```", readme, perl = TRUE))
  expect_identical(attr(read_csto(repo_root()), "citation"), sub("^```text\n", "", sub("\n```$", "", shown)))
})

test_that("citations of other descriptors follow the Python package's documented examples", {
  cite <- cstoannotations:::.citation
  expect_identical(cite(list(name = "x", version = "1.0.0")), "x (n.d.). x (version 1.0.0) [Data set].")
  expect_identical(
    cite(list(name = "d", title = "T", version = "1.0.0", created = "2026-01-01", licenses = list(list(name = "CC-BY-4.0")))),
    "d (2026). T (version 1.0.0) [Data set]. Licence: CC-BY-4.0."
  )
  expect_identical(
    cite(list(
      name = "d", version = "2.0.0", id = "https://doi.org/10.5281/zenodo.1",
      contributors = list(list(title = "Team", roles = list("creator")), list(title = "Other", roles = list("editor")))
    )),
    "Team (n.d.). d (version 2.0.0) [Data set]. https://doi.org/10.5281/zenodo.1"
  )
  expect_identical(
    cite(list(name = "d", version = "1.0.0", sources = list(list(title = "A B. Daily News, Volume 4, Issue 19. Pub Inc, 2007.", path = "https://x")))),
    "d (n.d.). d (version 1.0.0) [Data set].\nA B (2007). Daily News 4(19). Pub Inc. https://x"
  )
  expect_identical(
    cite(list(name = "d", version = "1.0.0", homepage = "https://h", sources = list(list(title = "Something else.")))),
    "d (n.d.). d (version 1.0.0) [Data set]. https://h\nSomething else (n.d.)."
  )
})

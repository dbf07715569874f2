# Hostile and broken packages are refused with a classed error that names the file, before anything is parsed.

change_byte <- function(file, at = 200L) {
  bytes <- readBin(file, "raw", file.size(file))
  bytes[at] <- as.raw(bitwXor(as.integer(bytes[at]), 1L))
  writeBin(bytes, file)
}

test_that("one changed byte in a CSV is refused, naming the file and the expected and found hashes", {
  root <- copy_package()
  expected <- sha256(file.path(root, "data", "claims.csv"))
  size <- file.size(file.path(root, "data", "claims.csv"))
  change_byte(file.path(root, "data", "claims.csv"))
  error <- expect_error(read_csto(root), class = "csto_integrity_error")
  expect_match(conditionMessage(error), "data/claims.csv: resource 'claims' failed its integrity check", fixed = TRUE)
  expect_match(conditionMessage(error), sprintf("expected %s (%.0f bytes), found %s (%.0f bytes)", expected, size, sha256(file.path(root, "data", "claims.csv")), size), fixed = TRUE)
})

test_that("a changed schema, text, or size is refused, naming the file", {
  cases <- list(
    c("schemas/quotes.schema.json", "the schema of resource 'quotes' failed"),
    c("data/texts/edm-4-191.txt", "resource 'text-edm-4-191' failed")
  )
  for (case in cases) {
    root <- copy_package()
    change_byte(file.path(root, case[1L]))
    expect_error(read_csto(root), class = "csto_integrity_error", regexp = paste0(case[1L], ": ", case[2L]), label = case[1L])
  }
  root <- copy_package()
  grown <- file.size(file.path(root, "data", "mentions.csv")) + 1
  cat("\n", file = file.path(root, "data", "mentions.csv"), append = TRUE)
  expect_error(read_csto(root), class = "csto_integrity_error",
               regexp = sprintf("data/mentions.csv: .*found sha256:[0-9a-f]{64} \\(%.0f bytes\\)", grown))
})

test_that("a resource without a recorded size or hash cannot be verified and is refused", {
  root <- copy_package()
  d <- read_descriptor(root)
  d$resources[[7L]]$hash <- NULL
  write_descriptor(root, d)
  expect_error(read_csto(root), class = "csto_integrity_error", regexp = "data/claims.csv: resource 'claims' records no size or hash")
})

test_that("release 1.0.0's schemas, which its descriptor does not pin, are pinned by its SHA256SUMS", {
  root <- unpack(releases()[1L])
  expect_s3_class(read_csto(root), "csto_dataset")
  change_byte(file.path(root, "schemas", "claims.schema.json"), at = 300L)
  expect_error(read_csto(root), class = "csto_integrity_error", regexp = "schemas/claims.schema.json: the schema of resource 'claims' failed")
  root <- unpack(releases()[1L])
  file.remove(file.path(root, "SHA256SUMS"))
  expect_error(read_csto(root), class = "csto_integrity_error", regexp = "schemas/documents.schema.json: the schema of resource 'documents' records no size or hash")
  root <- unpack(releases()[2L])
  sums <- readLines(file.path(root, "SHA256SUMS"))
  writeLines(sub("^[0-9a-f]{64}(  data/quotes.csv)$", paste0(strrep("0", 64), "\\1"), sums), file.path(root, "SHA256SUMS"))
  expect_error(read_csto(root), class = "csto_integrity_error", regexp = "data/quotes.csv: resource 'quotes' failed its integrity check: expected sha256:0{64}")
})

test_that("a changed byte inside a release archive is refused, naming the archive entry", {
  root <- unpack(releases()[2L])
  change_byte(file.path(root, "data", "quotes.csv"), at = 100L)
  files <- list.files(root, recursive = TRUE)
  zip <- write_zip(tempfile(fileext = ".zip"), setNames(file.path(root, files), file.path("csto-annotations-2.0.0", files)))
  expect_error(read_csto(zip), class = "csto_integrity_error", regexp = "\\.zip!csto-annotations-2\\.0\\.0/data/quotes\\.csv: resource 'quotes' failed")
})

test_that("paths that leave the package are refused, even when the file outside matches its hash", {
  root <- copy_package()
  outside <- file.path(dirname(root), "outside.csv")
  file.copy(file.path(root, "data", "quotes.csv"), outside)
  for (path in c("../outside.csv", "data/../../outside.csv", normalizePath(outside), "https://example.org/quotes.csv", "data\\quotes.csv", "./data/quotes.csv")) {
    d <- read_descriptor(root)
    d$resources[[6L]]$path <- path
    write_descriptor(root, d)
    expect_error(read_csto(root), class = "csto_path_error", regexp = "datapackage.json resources\\[5\\] \\(resource 'quotes'\\) path: unsafe path", label = path)
  }
})

test_that("a symbolic link inside the package is refused", {
  root <- copy_package()
  outside <- file.path(dirname(root), "quotes-outside.csv")
  file.rename(file.path(root, "data", "quotes.csv"), outside)
  file.symlink(outside, file.path(root, "data", "quotes.csv"))
  expect_error(read_csto(root), class = "csto_path_error", regexp = "data/quotes.csv: resource 'quotes' is reached through the symbolic link")
})

test_that("archives with entries outside the package, or without a descriptor, are refused", {
  evil <- write_zip(tempfile(fileext = ".zip"), c("../evil.txt" = repo_file("LICENSE"), "datapackage.json" = repo_file("datapackage.json")))
  expect_error(read_csto(evil), class = "csto_archive_error", regexp = "entry '../evil.txt' would be written outside the package")
  empty <- write_zip(tempfile(fileext = ".zip"), c("a/LICENSE" = repo_file("LICENSE"), "b/LICENSE" = repo_file("LICENSE")))
  expect_error(read_csto(empty), class = "csto_missing_file_error", regexp = "holds no datapackage.json")
  broken <- tempfile(fileext = ".zip")
  writeLines("not a zip", broken)
  expect_error(read_csto(broken), class = "csto_archive_error", regexp = "not a readable zip archive")
})

test_that("a missing file, a missing package, a URL and a folder without a descriptor are refused", {
  root <- copy_package()
  file.remove(file.path(root, "data", "citations.csv"))
  expect_error(read_csto(root), class = "csto_missing_file_error", regexp = "data/citations.csv: file not found \\(resource 'citations'\\)")
  expect_error(read_csto(file.path(root, "nothing-here")), class = "csto_missing_file_error", regexp = "no such file or directory")
  expect_error(read_csto(file.path(root, "data")), class = "csto_missing_file_error", regexp = "no datapackage.json in this directory")
  expect_error(read_csto("https://example.org/csto-annotations-2.0.0.zip"), class = "csto_source_error", regexp = "reads local files only")
  expect_error(read_csto(c("a", "b")), class = "csto_source_error")
})

test_that("descriptor and schema keys outside the closed profile are refused by name", {
  root <- copy_package()
  d <- read_descriptor(root)
  d$resources[[7L]]$dialect <- list(delimiter = ";")
  write_descriptor(root, d)
  expect_error(read_csto(root), class = "csto_descriptor_error", regexp = "resources\\[6\\] has the key 'dialect'")
  root <- copy_package()
  schema <- schema_of(root, "claims")
  schema$fields[[3L]]$bareNumber <- FALSE
  jsonlite::write_json(schema, file.path(root, "schemas", "claims.schema.json"), auto_unbox = TRUE, pretty = TRUE)
  rehash(root)
  expect_error(read_csto(root), class = "csto_descriptor_error", regexp = "claims.schema.json: fields\\[2\\] has the key 'bareNumber'")
  root <- copy_package()
  writeLines('{"name": "a", "name": "b"}', file.path(root, "datapackage.json"))
  expect_error(read_csto(root), class = "csto_descriptor_error", regexp = "datapackage.json: duplicate key 'name'")
})

test_that("a cell that is not of its field's type is refused, naming the file, row and column", {
  cases <- list(
    list("claims", 3L, "start", "+3", "claims.csv row 4 column 'start': expected an integer in canonical form \\(like 12 or -3\\), found '\\+3'"),
    list("claims", 1L, "end", "3000000000", "claims.csv row 2 column 'end': expected an integer R can hold"),
    list("claims", 2L, "event_date", "2007-02-30", "claims.csv row 3 column 'event_date': expected a real date as YYYY-MM-DD, found '2007-02-30'"),
    list("claims", 2L, "event_date", "6 October 2007", "claims.csv row 3 column 'event_date': expected a date as YYYY-MM-DD"),
    list("claims", 5L, "certainty", "sure", "claims.csv row 6 column 'certainty': expected one of certain, probable, possible, underspecified, found 'sure'"),
    list("quotes", 1L, "kind", "", "quotes.csv row 2 column 'kind': expected a value \\(the field is required\\), found an empty cell"),
    list("mentions", 4L, "exact", "bell\a", "mentions.csv line 5: expected no control characters")
  )
  for (case in cases) {
    root <- copy_package()
    set_cell(root, case[[1L]], case[[2L]], case[[3L]], case[[4L]])
    expect_error(read_csto(root), class = "csto_table_error", regexp = case[[5L]], label = case[[4L]])
  }
})

test_that("malformed CSV files are refused, naming the file", {
  edits <- list(
    list(function(x) sub("^claim_id,document_id", "document_id,claim_id", x), "claims.csv row 1: expected header cell 1 to be 'claim_id' \\(the schema's field order\\), found 'document_id'"),
    list(function(x) sub("\n", "\n\n", x, fixed = TRUE), "claims.csv: expected a CSV file whose every row has the schema's 19 cells"),
    list(function(x) sub("\nCL-0004,", "\n\"CL-0004,", x, fixed = TRUE), "claims.csv: expected a CSV file whose every row has the schema's 19 cells"),
    list(function(x) paste0("\ufeff", x), "claims.csv: expected no UTF-8 byte-order mark")
  )
  for (edit in edits) {
    root <- copy_package()
    file <- file.path(root, "data", "claims.csv")
    text <- readChar(file, file.size(file), useBytes = TRUE)
    Encoding(text) <- "UTF-8"
    writeBin(charToRaw(enc2utf8(edit[[1L]](text))), file)
    rehash(root)
    expect_error(read_csto(root), class = "csto_table_error", regexp = edit[[2L]])
  }
  root <- copy_package()
  writeBin(c(charToRaw("claim_id,entity_id,role\nCL-0002,"), as.raw(0xe9), charToRaw(",subject\n")), file.path(root, "data", "claim_entities.csv"))
  rehash(root)
  expect_error(read_csto(root), class = "csto_table_error", regexp = "claim_entities.csv: expected UTF-8 text")
})

test_that("a document whose text does not match its row is refused", {
  root <- copy_package()
  set_cell(root, "documents", 1L, "length", "6480")
  expect_error(read_csto(root), class = "csto_table_error", regexp = "documents.csv row 2 column 'length': expected 6479 \\(code points in data/texts/edm-4-191.txt\\), found 6480")
  root <- copy_package()
  set_cell(root, "documents", 1L, "text_path", "data/texts/other.txt")
  expect_error(read_csto(root), class = "csto_table_error", regexp = "documents.csv row 2 column 'text_path': expected the path of a text resource")
})

test_that("reading an archive extracts nothing and leaves nothing behind, on success or refusal", {
  root <- unpack(releases()[2L])
  change_byte(file.path(root, "data", "claims.csv"))
  files <- list.files(root, recursive = TRUE)
  tampered <- write_zip(tempfile(fileext = ".zip"), setNames(file.path(root, files), files))
  before <- list.files(tempdir(), recursive = TRUE, all.files = TRUE, include.dirs = TRUE)
  expect_s3_class(read_csto(releases()[2L]), "csto_dataset")
  expect_error(read_csto(tampered), class = "csto_error", regexp = "\\.zip!data/claims.csv: resource 'claims' failed")
  expect_identical(list.files(tempdir(), recursive = TRUE, all.files = TRUE, include.dirs = TRUE), before)
})

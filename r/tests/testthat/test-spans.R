# Offsets count code points, half-open: substr(text, start + 1, end) is every span's exact text.

test_that("every span of the repository's package and of both releases is its slice of the text", {
  for (path in c(repo_root(), releases())) {
    ds <- read_csto(path)
    expect_identical(span_failures(ds), character(), label = path)
    expect_gt(nrow(ds$mentions), 100L)
  }
})

test_that("spans after non-ASCII characters slice by characters, not bytes", {
  ds <- read_csto(repo_root())
  article <- text(ds, "edm-4-191")
  first <- regexpr("\u2019", article) # the first typographic apostrophe, three bytes in UTF-8
  later <- ds$mentions[ds$mentions$start > first, ]
  expect_gt(nrow(later), 100L)
  expect_identical(substring(article, later$start + 1L, later$end), later$exact)
  expect_false(identical(nchar(article, type = "bytes"), nchar(article, type = "chars")))
  expect_identical(nchar(article, type = "chars"), ds$documents$length)
  expect_identical(Encoding(article), "UTF-8")
})

test_that("text() and csto_text() return the verified text, and refuse an unknown document", {
  ds <- read_csto(repo_root())
  bytes <- readBin(repo_file("data", "texts", "edm-4-191.txt"), "raw", 1e6)
  expect_identical(charToRaw(text(ds, "edm-4-191")), bytes)
  expect_identical(csto_text(ds, "edm-4-191"), text(ds, "edm-4-191"))
  expect_error(text(ds, "edm-9-999"), class = "csto_unknown_record_error", regexp = "no document 'edm-9-999'; the documents are 'edm-4-191'")
  expect_error(csto_text(list(), "edm-4-191"), class = "csto_usage_error")
  expect_error(csto_text(ds, c("a", "b")), class = "csto_usage_error")
})

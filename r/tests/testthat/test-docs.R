# The R examples in README.md, docs/r.md and docs/formats.md run from the checkout's root as documented.

# The ```r blocks of a Markdown file (or of its `## section`), without those that show output (#> lines).
r_blocks <- function(file, section = NULL) {
  text <- paste(readLines(repo_file(file), encoding = "UTF-8"), collapse = "\n")
  if (!is.null(section)) {
    text <- regmatches(text, regexpr(sprintf("(?s)\n## %s\n.*?(?=\n## |$)", section), text, perl = TRUE))
  }
  blocks <- regmatches(text, gregexpr("(?s)```r\n.*?```", text, perl = TRUE))[[1L]]
  blocks <- sub("\n```$", "", sub("^```r\n", "", blocks))
  blocks[!grepl("#>", blocks, fixed = TRUE)]
}

run_blocks <- function(file, section = NULL) {
  old <- setwd(repo_root())
  on.exit(setwd(old))
  env <- new.env(parent = globalenv())
  values <- list()
  for (block in r_blocks(file, section)) {
    value <- NULL
    capture.output(for (expression in parse(text = block, keep.source = FALSE)) value <- eval(expression, env))
    values[[length(values) + 1L]] <- value
  }
  list(values = values, env = env)
}

test_that("the README's R example runs, and its span equals the text", {
  expect_length(r_blocks("README.md"), 1L)
  expect_identical(run_blocks("README.md")$values, list(TRUE))
})

test_that("docs/r.md's examples run: the ordered certainty filter, the spans, the citation", {
  expect_length(r_blocks(file.path("docs", "r.md")), 3L)
  ran <- run_blocks(file.path("docs", "r.md"))
  expect_true(ran$values[[2L]])
  firm <- ran$env$firm
  expect_gt(nrow(firm), 10L)
  expect_true(all(as.character(firm$certainty) %in% c("certain", "probable")))
  expect_lt(nrow(firm), nrow(ran$env$ds$claims))
})

test_that("docs/formats.md's R section runs", {
  expect_length(r_blocks(file.path("docs", "formats.md"), "R"), 1L)
  ran <- run_blocks(file.path("docs", "formats.md"), "R")
  counts <- ran$values[[1L]]
  expect_s3_class(counts, "table")
  expect_identical(unname(dimnames(counts)), list(levels(ran$env$ds$claims$claim_type), levels(ran$env$ds$claims$certainty)))
  expect_identical(sum(counts), nrow(ran$env$ds$claims))
})

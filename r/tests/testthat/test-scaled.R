# A package ten times the real one, written by the repository's scripts/scale.py.

test_that("a 10-times scaled package loads with ten times the rows, and every span holds", {
  out <- file.path(tempfile("scaled"), "x10")
  python(c(repo_file("scripts", "scale.py"), "10", "--out", shQuote(out), "--source", shQuote(repo_root())))
  real <- read_csto(repo_root())
  seconds <- system.time(ds <- read_csto(out))[["elapsed"]]
  message(sprintf("read_csto: 10x package in %.2f s", seconds))
  expect_identical(names(ds), names(real))
  grown <- setdiff(names(real), "entities") # entities are shared by every replica
  expect_identical(vapply(ds[grown], nrow, 0L), 10L * vapply(real[grown], nrow, 0L))
  expect_identical(nrow(ds$entities), nrow(real$entities))
  expect_length(attr(ds, "texts"), 10L)
  expect_identical(span_failures(ds), character())
  for (table in names(ds)) {
    expect_identical(lapply(ds[[table]], class), lapply(real[[table]], class), label = table)
    expect_identical(lapply(ds[[table]], levels), lapply(real[[table]], levels), label = table)
  }
})

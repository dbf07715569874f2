# The dataset object: a named list of data frames with its texts, version and citation as attributes.

csto_text <- function(ds, id) {
  if (!inherits(ds, "csto_dataset")) {
    .fail("csto_text: `ds` must be a dataset returned by read_csto().", "usage")
  }
  if (!.is_string(id)) {
    .fail("csto_text: `id` must be one document ID, such as \"edm-4-191\".", "usage")
  }
  texts <- attr(ds, "texts")
  if (!length(texts)) {
    .fail("csto_text: the package has no documents table, so it has no texts.", "unknown_record")
  }
  if (!id %in% names(texts)) {
    .fail(sprintf(
      "csto_text: no document %s; the documents are %s.",
      .show(id), paste(.show(utils::head(names(texts), 5L)), collapse = ", ")
    ), "unknown_record")
  }
  texts[[id]]
}

text.csto_dataset <- function(x, id, ...) csto_text(x, id)

print.csto_dataset <- function(x, ...) {
  rows <- vapply(x, nrow, 0L)
  columns <- vapply(x, ncol, 0L)
  width <- max(nchar(names(x)), 0L)
  cat(sprintf("<csto_dataset %s %s: %d tables>\n", attr(x, "name"), attr(x, "version"), length(x)))
  cat(sprintf("  %-*s  %6d rows x %d columns\n", width, names(x), rows, columns), sep = "")
  cat("Cite as:\n", paste0("  ", strsplit(attr(x, "citation"), "\n", fixed = TRUE)[[1L]], "\n"), sep = "")
  invisible(x)
}

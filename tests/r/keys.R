# Rscript keys.R OUT.json: the R package's closed profile (keys per object, field types, limits), for comparison.
suppressPackageStartupMessages(library(cstoannotations))
ns <- asNamespace("cstoannotations")
jsonlite::write_json(
  list(keys = get(".KEYS", ns), types = get(".TYPES", ns), limits = get(".LIMITS", ns)),
  commandArgs(trailingOnly = TRUE)[[1L]],
  auto_unbox = TRUE, digits = NA
)

# Rscript outcomes.R SOURCES.txt OUT.json
# For each source (one path a line), what read_csto did: "loaded", "refused" (a csto_error, with its classes and
# message), or "failed" (any other R error: a bug). One R process for the whole list.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(cstoannotations))
outcome <- function(path) {
  tryCatch(
    {
      read_csto(path)
      list(outcome = jsonlite::unbox("loaded"))
    },
    csto_error = function(e) list(outcome = jsonlite::unbox("refused"), class = class(e), message = jsonlite::unbox(conditionMessage(e))),
    error = function(e) list(outcome = jsonlite::unbox("failed"), class = class(e), message = jsonlite::unbox(conditionMessage(e)))
  )
}
sources <- readLines(args[[1L]], encoding = "UTF-8")
jsonlite::write_json(setNames(lapply(sources, outcome), sources), args[[2L]], auto_unbox = FALSE)

# Rscript dump.R SOURCE OUT.json
# Read SOURCE with read_csto and write everything it returned, losslessly, for the differential test:
# every column's R class (and levels and ordered flag for a factor) and its values (NA as null, dates as
# YYYY-MM-DD, doubles as 17 significant digits), the texts, the version and the citation.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(cstoannotations))
ds <- read_csto(args[[1L]])
one <- jsonlite::unbox
column <- function(x) {
  if (is.factor(x)) {
    return(list(class = one("factor"), ordered = one(is.ordered(x)), levels = levels(x), values = as.character(x)))
  }
  if (inherits(x, "Date")) {
    return(list(class = one("Date"), values = format(x, "%Y-%m-%d")))
  }
  if (is.double(x)) {
    return(list(class = one("double"), values = ifelse(is.na(x), NA_character_, sprintf("%.17g", x))))
  }
  list(class = one(typeof(x)), values = x)
}
jsonlite::write_json(
  list(
    version = one(attr(ds, "version")),
    citation = one(attr(ds, "citation")),
    texts = lapply(as.list(attr(ds, "texts")), one),
    tables = lapply(unclass(ds), function(frame) list(names = names(frame), rows = one(nrow(frame)), columns = lapply(frame, column)))
  ),
  args[[2L]],
  auto_unbox = FALSE, na = "null", null = "null", digits = NA
)

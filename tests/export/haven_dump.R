# Read every .dta or .sav file of a folder with haven and write what it holds as UTF-8 CSV files.
suppressPackageStartupMessages(library(haven))
options(scipen = 100)
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]; out <- args[2]
read <- if (args[3] == "stata") read_dta else read_sav
ext <- if (args[3] == "stata") "dta" else "sav"
text_of <- function(x) if (is.null(x)) "" else paste(x, collapse = "\n")
for (path in list.files(folder, pattern = paste0("\\.", ext, "$"), full.names = TRUE)) {
  data <- read(path)
  name <- sub("\\.[a-z]+$", "", basename(path))
  meta <- data.frame(
    column = names(data),
    label = vapply(data, function(x) text_of(attr(x, "label")), ""),
    labels = vapply(data, function(x) {
      l <- attr(x, "labels")
      if (is.null(l)) "" else paste(paste0(unname(l), "=", names(l)), collapse = "|")
    }, ""),
    class = vapply(data, function(x) class(x)[[1]], "")
  )
  cells <- as.data.frame(lapply(data, function(x) {
    if (is.labelled(x)) as.character(as_factor(x, levels = "labels"))
    else if (inherits(x, "Date")) format(x, "%Y-%m-%d")
    else as.vector(x)
  }), check.names = FALSE)
  write.csv(meta, file.path(out, paste0(name, ".meta.csv")), row.names = FALSE, fileEncoding = "UTF-8")
  write.csv(cells, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "", fileEncoding = "UTF-8")
  writeLines(enc2utf8(c(text_of(attr(data, "label")), text_of(attr(data, "notes")))),
             file.path(out, paste0(name, ".label.txt")), useBytes = TRUE)
}
# Spans sliced from the texts file with the offsets read back, and the ordinal comparison.
texts <- read(file.path(folder, paste0("texts.", ext)))
for (table in c("mentions", "quotes", "claims", "citations")) {
  path <- file.path(folder, paste0(table, ".", ext))
  if (!file.exists(path)) next
  spans <- merge(read(path), texts, by = "document_id")
  cat(table, nrow(spans), sum(substr(spans$text, spans$start + 1, spans$end) == spans$exact), "\n")
}
claims <- read(file.path(folder, paste0("claims.", ext)))
cat("at_most_probable", sum(as_factor(claims$certainty, levels = "labels", ordered = TRUE) <= "probable"), "\n")
cat("haven", as.character(packageVersion("haven")), "\n")

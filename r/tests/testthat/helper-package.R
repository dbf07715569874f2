# Shared by the tests: where the repository is, copies of its package, edits that re-measure hashes.

# The repository root: $CSTO_REPO, else the nearest folder above the tests that holds datapackage.json and r/.
repo_root <- function() {
  root <- Sys.getenv("CSTO_REPO")
  if (nzchar(root)) {
    return(normalizePath(root, winslash = "/", mustWork = TRUE))
  }
  here <- normalizePath(".", winslash = "/")
  while (!file.exists(file.path(here, "datapackage.json")) || !dir.exists(file.path(here, "r"))) {
    if (dirname(here) == here) stop("cannot find the repository root above the tests; set CSTO_REPO")
    here <- dirname(here)
  }
  here
}

repo_file <- function(...) file.path(repo_root(), ...)
releases <- function() sort(Sys.glob(repo_file("tests", "fixtures", "releases", "*.zip")))

# The Python that runs the repository's tools (scripts/scale.py, zip writing): $CSTO_PYTHON, else `python`.
python <- function(args, ...) {
  exe <- Sys.getenv("CSTO_PYTHON", "python")
  out <- suppressWarnings(system2(exe, args, stdout = TRUE, stderr = TRUE, ...))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop(sprintf("%s %s failed (%d):\n%s", exe, paste(args, collapse = " "), status, paste(out, collapse = "\n")))
  out
}

# A private copy of the repository's package (descriptor, schemas, data) in a fresh temporary folder.
copy_package <- function(from = repo_root()) {
  to <- tempfile("pkg")
  dir.create(to)
  file.copy(file.path(from, "datapackage.json"), to)
  file.copy(file.path(from, c("data", "schemas")), to, recursive = TRUE)
  to
}

# An unpacked release archive in a fresh temporary folder; returns the package folder inside it.
unpack <- function(zip) {
  to <- tempfile("release")
  utils::unzip(zip, exdir = to)
  list.dirs(to, recursive = FALSE)[[1L]]
}

# Write a zip archive of `entries` (archive name -> file on disk) with Python's zipfile.
write_zip <- function(path, entries) {
  script <- tempfile(fileext = ".py")
  writeLines(c(
    "import sys, zipfile",
    "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:",
    "    for name, file in zip(sys.argv[2::2], sys.argv[3::2]):",
    "        z.write(file, name)"
  ), script)
  python(c(script, shQuote(path), as.vector(rbind(shQuote(names(entries)), shQuote(entries)))))
  path
}

sha256 <- function(file) paste0("sha256:", digest::digest(file = file, algo = "sha256"))

read_descriptor <- function(root) jsonlite::read_json(file.path(root, "datapackage.json"), simplifyVector = FALSE)
write_descriptor <- function(root, descriptor) {
  jsonlite::write_json(descriptor, file.path(root, "datapackage.json"), auto_unbox = TRUE, pretty = TRUE, null = "null", digits = NA)
}

# Re-measure every file's size and hash in the descriptor, as `python -m csto_annotations build` would.
rehash <- function(root) {
  d <- read_descriptor(root)
  for (i in seq_along(d$resources)) {
    r <- d$resources[[i]]
    d$resources[[i]]$bytes <- file.size(file.path(root, r$path))
    d$resources[[i]]$hash <- sha256(file.path(root, r$path))
    if (!is.null(r$schema)) {
      d$resources[[i]]$schemaBytes <- file.size(file.path(root, r$schema))
      d$resources[[i]]$schemaHash <- sha256(file.path(root, r$schema))
    }
  }
  write_descriptor(root, d)
}

# Replace one cell of a table's CSV (data row `row`, 1-based, header excluded) and re-measure the hashes.
set_cell <- function(root, table, row, column, value) {
  file <- file.path(root, "data", paste0(table, ".csv"))
  frame <- utils::read.csv(file, colClasses = "character", na.strings = character(), check.names = FALSE, encoding = "UTF-8")
  frame[row, column] <- value
  utils::write.csv(frame, file, row.names = FALSE, na = "", fileEncoding = "UTF-8")
  rehash(root)
}

# The Table Schema of `table`, read with jsonlite by the test itself.
schema_of <- function(root, table) jsonlite::read_json(file.path(root, "schemas", paste0(table, ".schema.json")), simplifyVector = FALSE)

# Every span column triple of the four span tables (and the claims' cues).
SPANS <- list(
  mentions = c("start", "end", "exact"), quotes = c("start", "end", "exact"),
  claims = c("start", "end", "exact"), citations = c("start", "end", "exact"),
  claims = c("cue_start", "cue_end", "cue")
)

# The rows of every span table whose slice of their document's text is not their exact text (0 rows = all hold).
span_failures <- function(ds) {
  failures <- character()
  for (i in seq_along(SPANS)) {
    table <- names(SPANS)[i]
    cols <- SPANS[[i]]
    frame <- ds[[table]]
    frame <- frame[!is.na(frame[[cols[3L]]]), , drop = FALSE]
    for (row in seq_len(nrow(frame))) {
      text <- text(ds, frame$document_id[row])
      if (!identical(substr(text, frame[[cols[1L]]][row] + 1L, frame[[cols[2L]]][row]), frame[[cols[3L]]][row])) {
        failures <- c(failures, sprintf("%s row %d (%s)", table, row, cols[3L]))
      }
    }
  }
  failures
}

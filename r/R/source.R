# Where a package's bytes come from: a directory or a release .zip, never beyond.
#
# Both kinds answer one question, "the bytes at this relative path", and refuse any path that leaves the
# package: absolute paths, "..", URLs, backslashes and, in a directory, any symbolic link on the way. A zip
# archive is read entry by entry in memory (utils::unzip lists it, base::unz reads one entry); nothing is
# extracted to disk, so nothing can be written outside a folder and nothing is left behind.

.LIMITS <- list(
  file_bytes = 2^31 - 1, # one file: R's character strings hold at most 2^31 - 1 bytes
  json_bytes = 16 * 1024^2, # datapackage.json, a Table Schema or SHA256SUMS
  json_depth = 32L, # nesting of JSON objects and arrays
  resources = 100000L, # resources in one descriptor
  fields = 256L, # fields in one Table Schema
  cell_chars = 100000L, # one cell, in code points
  pattern_chars = 1000L, # one constraints.pattern
  zip_entries = 10000L, # entries in one archive
  zip_bytes = 1024^3, # uncompressed size of one archive
  zip_name_chars = 255L # one entry name
)

.DESCRIPTOR <- "datapackage.json"

# Why a relative path from a descriptor or an archive is unsafe, or NULL when it is fine.
.unsafe_reason <- function(path) {
  if (!is.character(path) || length(path) != 1L || is.na(path) || !nzchar(path)) {
    return("not a non-empty string")
  }
  if (grepl("\\", path, fixed = TRUE)) {
    return("contains a backslash")
  }
  if (grepl("^[A-Za-z][A-Za-z0-9+.-]*:", path)) {
    return("a URL or drive letter, not a relative path")
  }
  if (startsWith(path, "/")) {
    return("absolute")
  }
  parts <- strsplit(path, "/", fixed = TRUE)[[1L]]
  if (".." %in% parts) {
    return("contains '..'")
  }
  if (any(parts %in% c("", ".")) || endsWith(path, "/")) {
    return("has an empty or '.' segment")
  }
  NULL
}

.check_path <- function(path, where) {
  reason <- .unsafe_reason(path)
  if (!is.null(reason)) {
    .fail(sprintf(
      "%s: unsafe path %s (%s); paths must be relative and stay inside the package directory. Fix the descriptor or use a trusted copy of the dataset.",
      where, .show(if (is.character(path) && length(path) == 1L) path else deparse(path)[1L]), reason
    ), "path")
  }
  path
}

.directory <- function(root) {
  root <- normalizePath(root, winslash = "/", mustWork = TRUE)
  show <- function(relative) file.path(root, relative)
  read <- function(relative, what) {
    .check_path(relative, sprintf("%s %s", show(.DESCRIPTOR), what))
    parts <- strsplit(relative, "/", fixed = TRUE)[[1L]]
    for (depth in seq_along(parts)) {
      prefix <- file.path(root, paste(parts[seq_len(depth)], collapse = "/"))
      link <- Sys.readlink(prefix)
      if (!is.na(link) && nzchar(link)) {
        .fail(sprintf(
          "%s: %s is reached through the symbolic link %s, which may point outside the package directory; packages hold no links. Replace the link with the file.",
          show(relative), what, prefix
        ), "path")
      }
      info <- file.info(prefix, extra_cols = FALSE)
      if (is.na(info$isdir) || (depth == length(parts)) == info$isdir) {
        .fail(sprintf(
          "%s: file not found (%s); restore it from the release archive or download the release again.",
          show(relative), what
        ), "missing_file")
      }
    }
    size <- info$size
    if (size > .LIMITS$file_bytes) {
      .fail(sprintf("%s: %.0f bytes, more than the limit of %.0f for one file.", show(relative), size, .LIMITS$file_bytes), "limit")
    }
    readBin(file.path(root, relative), "raw", n = size)
  }
  list(root = root, show = show, read = read, has = function(relative) {
    is.null(.unsafe_reason(relative)) && file.exists(file.path(root, relative)) && !dir.exists(file.path(root, relative))
  })
}

.archive <- function(path) {
  path <- normalizePath(path, winslash = "/", mustWork = TRUE)
  listing <- tryCatch(
    utils::unzip(path, list = TRUE),
    error = function(e) .fail(sprintf("%s: not a readable zip archive (%s); download the release again.", path, conditionMessage(e)), "archive"),
    warning = function(w) .fail(sprintf("%s: not a readable zip archive (%s); download the release again.", path, conditionMessage(w)), "archive")
  )
  refuse <- function(name, why) {
    .fail(sprintf("%s: entry %s %s; do not use this archive.", path, .show(name), why), "archive")
  }
  if (nrow(listing) > .LIMITS$zip_entries) {
    .fail(sprintf("%s: %d entries, more than the limit of %d; refusing it.", path, nrow(listing), .LIMITS$zip_entries), "archive")
  }
  if (sum(listing$Length) > .LIMITS$zip_bytes) {
    .fail(sprintf(
      "%s: %.0f bytes uncompressed, more than the limit of %.0f (possible zip bomb); refusing it.",
      path, sum(listing$Length), .LIMITS$zip_bytes
    ), "archive")
  }
  names <- listing$Name
  for (name in names) {
    length <- nchar(name, type = "chars", allowNA = TRUE) # NA for a name that is not valid text: count its bytes
    if (is.na(length)) length <- nchar(name, type = "bytes")
    if (length > .LIMITS$zip_name_chars) refuse(name, sprintf("has a name longer than %d characters", .LIMITS$zip_name_chars))
    if (!is.null(.unsafe_reason(sub("/$", "", name)))) refuse(name, "would be written outside the package (zip slip)")
  }
  if (anyDuplicated(sub("/$", "", names))) refuse(names[anyDuplicated(sub("/$", "", names))], "appears twice (as a file or a folder)")
  files <- listing[!endsWith(names, "/"), , drop = FALSE]
  tops <- unique(sub("/.*$", "", names))
  prefix <- if (.DESCRIPTOR %in% files$Name) {
    ""
  } else if (length(tops) == 1L && paste0(tops, "/", .DESCRIPTOR) %in% files$Name) {
    paste0(tops, "/")
  } else {
    .fail(sprintf(
      "%s: the archive holds no datapackage.json at its top level or in a single top-level folder; is this a csto-annotations release?",
      path
    ), "missing_file")
  }
  show <- function(relative) sprintf("%s!%s%s", path, prefix, relative)
  read <- function(relative, what) {
    .check_path(relative, sprintf("%s %s", show(.DESCRIPTOR), what))
    at <- match(paste0(prefix, relative), files$Name)
    if (is.na(at)) {
      .fail(sprintf("%s: file not found in the archive (%s); download the release again.", show(relative), what), "missing_file")
    }
    size <- files$Length[at]
    if (size > .LIMITS$file_bytes) {
      .fail(sprintf("%s: %.0f bytes, more than the limit of %.0f for one file.", show(relative), size, .LIMITS$file_bytes), "limit")
    }
    connection <- unz(path, files$Name[at], open = "rb")
    on.exit(close(connection))
    data <- tryCatch(readBin(connection, "raw", n = size + 1), error = function(e) {
      .fail(sprintf("%s: not a readable zip entry (%s); download the release again.", show(relative), conditionMessage(e)), "archive")
    })
    if (length(data) != size) {
      .fail(sprintf(
        "%s: holds %.0f bytes, not the %.0f its header declares (possible zip bomb); download the release again.",
        show(relative), length(data), size
      ), "archive")
    }
    data
  }
  list(root = path, show = show, read = read, has = function(relative) paste0(prefix, relative) %in% files$Name)
}

# A directory, its datapackage.json, or a .zip archive. Local files only: read_csto opens no connection.
.open_source <- function(path) {
  if (!is.character(path) || length(path) != 1L || is.na(path) || !nzchar(path)) {
    .fail("read_csto: `path` must be one file or directory name (a package directory, its datapackage.json, or a release .zip).", "source")
  }
  if (grepl("^[A-Za-z][A-Za-z0-9+.-]+://", path)) {
    .fail(sprintf(
      "%s: read_csto reads local files only and opens no connection; download the release archive first (utils::download.file(url, f, mode = \"wb\")) and pass the .zip.",
      .show(path)
    ), "source")
  }
  if (dir.exists(path)) {
    if (!file.exists(file.path(path, .DESCRIPTOR))) {
      .fail(sprintf(
        "%s: no datapackage.json in this directory; pass a csto-annotations package directory or a release .zip.",
        normalizePath(path, winslash = "/")
      ), "missing_file")
    }
    return(.directory(path))
  }
  if (!file.exists(path)) {
    .fail(sprintf("%s: no such file or directory; pass a package directory or a release .zip.", .show(path)), "missing_file")
  }
  if (basename(path) == .DESCRIPTOR) {
    return(.directory(dirname(path)))
  }
  .archive(path)
}

# read_csto(): descriptor, then paths, then every file's size and sha256, and only then parsing.

.sha256 <- function(data) paste0("sha256:", digest::digest(data, algo = "sha256", serialize = FALSE))

# SHA256SUMS, which release archives carry: relative path -> "sha256:<hex>". NULL when the package has none.
.manifest <- function(source) {
  if (!source$has("SHA256SUMS")) {
    return(NULL)
  }
  where <- source$show("SHA256SUMS")
  data <- source$read("SHA256SUMS", "checksum manifest")
  if (length(data) > .LIMITS$json_bytes) {
    .fail(sprintf("%s: %.0f bytes, more than the limit of %.0f.", where, length(data), .LIMITS$json_bytes), "limit")
  }
  lines <- strsplit(.utf8(data, where, "integrity"), "\n", fixed = TRUE)[[1L]]
  lines <- lines[nzchar(lines)]
  pattern <- "^([0-9a-f]{64}) [ *](.+)$"
  bad <- which(!grepl(pattern, lines, perl = TRUE))
  if (length(bad)) {
    .fail(sprintf("%s line %d: expected \"<sha256 hex>  <path>\", found %s.", where, bad[1L], .show(lines[bad[1L]])), "integrity")
  }
  hashes <- paste0("sha256:", sub(pattern, "\\1", lines, perl = TRUE))
  names(hashes) <- sub(pattern, "\\2", lines, perl = TRUE)
  hashes
}

# Compare bytes with the size and hash the descriptor records for them, and with SHA256SUMS where it lists them.
.verify <- function(data, path, bytes, hash, what, source, manifest) {
  where <- source$show(path)
  listed <- if (!is.null(manifest)) manifest[path] else NA
  if (is.null(hash) && is.null(bytes) && !is.na(listed)) {
    bytes <- length(data) # a schema release 1.0.0 does not pin: its archive's SHA256SUMS does
    hash <- listed
  }
  if (is.null(hash) || is.null(bytes)) {
    .fail(sprintf(
      "%s: %s records no size or hash in datapackage.json, so it cannot be verified; if you made or edited the package, run `python -m csto_annotations build ROOT` to measure it.",
      where, what
    ), "integrity")
  }
  actual <- .sha256(data)
  if (length(data) != bytes || actual != hash || (!is.na(listed) && actual != listed)) {
    expected <- if (actual == hash && !is.na(listed)) listed else hash
    .fail(sprintf(
      "%s: %s failed its integrity check: expected %s (%.0f bytes), found %s (%.0f bytes). The file was changed or corrupted; use the release archive again, or run `python -m csto_annotations build ROOT` if you edited it on purpose.",
      where, what, expected, bytes, actual, length(data)
    ), "integrity")
  }
  invisible(data)
}

# Each document's text, by document ID, checked against its row (text_sha256, length) as the Python engine does.
.texts <- function(documents, resources, data, where) {
  if (is.null(documents)) {
    return(character())
  }
  for (column in c("document_id", "text_path")) {
    if (!column %in% names(documents)) {
      .fail(sprintf("%s: the documents table has no column %s, so its texts cannot be found.", where, .show(column)), "table")
    }
  }
  by_path <- list()
  for (r in resources) if (r[["type"]] == "text") by_path[[r[["path"]]]] <- r[["name"]]
  texts <- character(nrow(documents))
  for (i in seq_len(nrow(documents))) {
    path <- documents[["text_path"]][i]
    name <- if (!is.na(path) && !is.null(by_path[[path]])) by_path[[path]] else NULL
    if (is.null(name)) {
      .fail(sprintf("%s row %d column 'text_path': expected the path of a text resource in datapackage.json, found %s.", where, i + 1L, .show(path)), "table")
    }
    text <- .utf8(data[[name]], sprintf("%s row %d column 'text_path' (%s)", where, i + 1L, path))
    digest <- documents[["text_sha256"]][i]
    if (!is.null(digest) && !identical(paste0("sha256:", digest), .sha256(data[[name]]))) {
      .fail(sprintf("%s row %d column 'text_sha256': expected %s (sha256 of %s), found %s.", where, i + 1L, sub("^sha256:", "", .sha256(data[[name]])), path, .show(digest)), "table")
    }
    length <- documents[["length"]][i]
    if (!is.null(length) && !identical(as.integer(length), nchar(text, type = "chars"))) {
      .fail(sprintf("%s row %d column 'length': expected %d (code points in %s), found %s.", where, i + 1L, nchar(text, type = "chars"), path, length), "table")
    }
    texts[i] <- text
  }
  names(texts) <- as.character(documents[["document_id"]])
  texts
}

read_csto <- function(path = ".") {
  source <- .open_source(path)
  manifest <- .manifest(source)
  raw <- source$read(.DESCRIPTOR, "descriptor")
  if (!is.null(manifest) && !is.na(manifest[.DESCRIPTOR])) {
    .verify(raw, .DESCRIPTOR, length(raw), manifest[[.DESCRIPTOR]], "the descriptor", source, manifest)
  }
  where <- source$show(.DESCRIPTOR)
  descriptor <- .check_descriptor(.parse_json(raw, where), where)
  resources <- descriptor[["resources"]]

  # Every file is read once and verified before any is parsed; the same bytes are parsed afterwards.
  data <- list()
  schema_bytes <- list()
  for (r in resources) {
    if (r[["type"]] == "table") {
      bytes <- source$read(r[["schema"]], sprintf("schema of resource %s", .show(r[["name"]])))
      .verify(bytes, r[["schema"]], r[["schemaBytes"]], r[["schemaHash"]], sprintf("the schema of resource %s", .show(r[["name"]])), source, manifest)
      schema_bytes[[r[["name"]]]] <- bytes
    }
    bytes <- source$read(r[["path"]], sprintf("resource %s", .show(r[["name"]])))
    data[[r[["name"]]]] <- .verify(bytes, r[["path"]], r[["bytes"]], r[["hash"]], sprintf("resource %s", .show(r[["name"]])), source, manifest)
  }

  tables <- list()
  schemas <- list()
  for (r in resources) {
    if (r[["type"]] != "table") next
    schema_where <- source$show(r[["schema"]])
    schemas[[r[["name"]]]] <- .check_schema(.parse_json(schema_bytes[[r[["name"]]]], schema_where), schema_where)
    tables[[r[["name"]]]] <- .read_table(data[[r[["name"]]]], schemas[[r[["name"]]]], source$show(r[["path"]]))
  }
  paths <- vapply(resources, function(r) r[["path"]], "")
  names(paths) <- vapply(resources, function(r) r[["name"]], "")
  texts <- .texts(tables[["documents"]], resources, data, source$show(paths["documents"]))

  structure(
    tables,
    class = c("csto_dataset", "list"),
    name = descriptor[["name"]],
    title = if (.is_string(descriptor[["title"]])) descriptor[["title"]] else descriptor[["name"]],
    version = descriptor[["version"]],
    citation = .citation(descriptor),
    texts = texts,
    schemas = schemas,
    descriptor = descriptor,
    descriptor_sha256 = .sha256(raw),
    source = source$root
  )
}

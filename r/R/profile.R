# Strict JSON and the closed profile: the descriptor and Table Schema keys this dataset uses.
#
# The keys mirror the Python package's closed profile (src/csto_annotations/_reader/_profile.py; a test holds
# the two lists equal). Any other key is refused by name rather than ignored, because some (dialect,
# extrapaths, trueValues, a custom date format) would change how a file is found or a cell is read.

.PACKAGE_PROFILE <- "https://datapackage.org/profiles/2.0/datapackage.json"
.SCHEMA_PROFILE <- "https://datapackage.org/profiles/2.0/tableschema.json"
.NAME <- "^[a-z0-9]([a-z0-9._-]{0,98}[a-z0-9])?$"
.SHA256 <- "^sha256:[0-9a-f]{64}$"
.SEMVER <- "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$"
.TYPES <- c("string", "integer", "number", "boolean", "date")

.KEYS <- list(
  package = c(
    "$schema", "name", "id", "title", "description", "homepage", "version", "created", "keywords",
    "licenses", "sources", "contributors", "resources"
  ),
  table = c(
    "name", "title", "description", "path", "format", "mediatype", "encoding", "licenses", "sources",
    "bytes", "hash", "type", "schema", "schemaBytes", "schemaHash"
  ),
  text = c(
    "name", "title", "description", "path", "format", "mediatype", "encoding", "licenses", "sources",
    "bytes", "hash", "type"
  ),
  license = c("name", "path", "title"),
  contributor = c("title", "givenName", "familyName", "path", "email", "organization", "roles"),
  source = c("title", "path", "email", "version"),
  schema = c("$schema", "title", "description", "fields", "missingValues", "primaryKey", "foreignKeys"),
  field = c("name", "type", "title", "description", "format", "constraints", "categories", "categoriesOrdered"),
  constraints = c("required", "unique", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength"),
  foreign_key = c("fields", "reference"),
  reference = c("resource", "fields")
)

.is_object <- function(x) is.list(x) && !is.null(names(x))
.is_string <- function(x) is.character(x) && length(x) == 1L && !is.na(x)
.is_strings <- function(x) is.list(x) && is.null(names(x)) && length(x) >= 1L && all(vapply(x, .is_string, NA))
.is_whole <- function(x) is.numeric(x) && length(x) == 1L && !is.na(x) && x == floor(x) && abs(x) <= 2^53
.is_count <- function(x) is.numeric(x) && length(x) == 1L && !is.na(x) && x >= 0 && x == floor(x) && x <= 2^53

# Parse UTF-8 JSON bytes, refusing what jsonlite would let through: duplicate keys and deep nesting.
.parse_json <- function(data, where) {
  if (length(data) > .LIMITS$json_bytes) {
    .fail(sprintf("%s: %.0f bytes, more than the limit of %.0f for a JSON file.", where, length(data), .LIMITS$json_bytes), "limit")
  }
  text <- .utf8(data, where, "descriptor")
  .check_surrogates(text, where)
  value <- tryCatch(
    jsonlite::parse_json(text, simplifyVector = FALSE),
    error = function(e) .fail(sprintf("%s: not valid JSON (%s).", where, trimws(gsub("\\s+", " ", conditionMessage(e)))), "descriptor")
  )
  .check_json(value, where, 1L)
  value
}

# jsonlite turns a lone UTF-16 surrogate escape into "?" and drops what follows it in the string, so
# refuse one before parsing, as the Python reader does: every string must be encodable as UTF-8.
.check_surrogates <- function(text, where) {
  escapes <- regmatches(text, gregexpr("\\\\(u[0-9a-fA-F]{4}|.)", text, perl = TRUE))[[1]]
  starts <- gregexpr("\\\\(u[0-9a-fA-F]{4}|.)", text, perl = TRUE)[[1]]
  code <- ifelse(startsWith(escapes, "\\u"), strtoi(substring(escapes, 3L), 16L), NA_integer_)
  high <- !is.na(code) & code >= 0xD800 & code <= 0xDBFF
  low <- !is.na(code) & code >= 0xDC00 & code <= 0xDFFF
  adjacent <- c(starts[-1L] == starts[-length(starts)] + 6L, FALSE)
  paired_high <- high & adjacent & c(low[-1L], FALSE)
  paired_low <- low & c(FALSE, paired_high[-length(paired_high)])
  lone <- which((high & !paired_high) | (low & !paired_low))
  if (length(lone) > 0L) {
    .fail(sprintf("%s: the escape %s is a lone UTF-16 surrogate, which no UTF-8 text can hold; expected a pair or another character.",
                  where, .show(escapes[[lone[[1L]]]])), "descriptor")
  }
}

.check_json <- function(value, where, depth) {
  if (!is.list(value)) {
    return(invisible())
  }
  if (depth > .LIMITS$json_depth) {
    .fail(sprintf("%s: nested deeper than %d levels.", where, .LIMITS$json_depth), "limit")
  }
  keys <- names(value)
  if (!is.null(keys) && anyDuplicated(keys)) {
    .fail(sprintf("%s: duplicate key %s; keys must be unique.", where, .show(keys[anyDuplicated(keys)])), "descriptor")
  }
  for (item in value) .check_json(item, where, depth + 1L)
}

# Bytes as one UTF-8 string, refusing bytes that are not UTF-8, a byte-order mark, or a NUL.
.utf8 <- function(data, where, class = "table") {
  if (length(data) >= 3L && identical(data[1:3], as.raw(c(0xef, 0xbb, 0xbf)))) {
    .fail(sprintf("%s: expected no UTF-8 byte-order mark (BOM) at the start of the file.", where), class)
  }
  if (any(data == as.raw(0L))) {
    .fail(sprintf("%s: expected text, found a NUL byte at byte %d.", where, which(data == as.raw(0L))[1L]), class)
  }
  text <- rawToChar(data)
  if (!validUTF8(text)) {
    .fail(sprintf("%s: expected UTF-8 text (is the file Latin-1 or Windows-1252?).", where), class)
  }
  Encoding(text) <- "UTF-8"
  text
}

.closed <- function(object, allowed, required, where, place) {
  if (!.is_object(object)) {
    .fail(sprintf("%s: %s must be a JSON object (see docs/r.md, \"What read_csto refuses\").", where, place), "descriptor")
  }
  unknown <- setdiff(names(object), allowed)
  if (length(unknown)) {
    .fail(sprintf(
      "%s: %s has the key %s, which the closed profile does not allow (see docs/security.md, \"Closed profile\").",
      where, place, .show(unknown[1L])
    ), "descriptor")
  }
  missing <- setdiff(required, names(object))
  if (length(missing)) {
    .fail(sprintf("%s: %s lacks the required key %s.", where, place, .show(missing[1L])), "descriptor")
  }
}

.expect <- function(ok, where, place, what) {
  if (!isTRUE(ok)) .fail(sprintf("%s: %s must be %s.", where, place, what), "descriptor")
}

# The licences, sources and contributors lists of the descriptor or of a resource: arrays of closed objects.
.LISTS <- list(licenses = c("license", ""), sources = c("source", "title"), contributors = c("contributor", "title"))

.check_lists <- function(object, where, place) {
  for (key in intersect(names(.LISTS), names(object))) {
    items <- object[[key]]
    .expect(is.list(items) && is.null(names(items)), where, paste0(place, key), "an array")
    for (i in seq_along(items)) {
      item <- sprintf("%s%s[%d]", place, key, i - 1L)
      .closed(items[[i]], .KEYS[[.LISTS[[key]][1L]]], Filter(nzchar, .LISTS[[key]][2L]), where, item)
      for (name in setdiff(names(items[[i]]), "roles")) .expect(.is_string(items[[i]][[name]]), where, paste0(item, ".", name), "a string")
      roles <- items[[i]][["roles"]]
      if (!is.null(roles)) .expect(is.list(roles) && all(vapply(roles, .is_string, NA)), where, paste0(item, ".roles"), "an array of strings")
    }
  }
}

.check_descriptor <- function(d, where) {
  .closed(d, .KEYS$package, c("$schema", "name", "version", "resources"), where, "the descriptor")
  .expect(identical(d[["$schema"]], .PACKAGE_PROFILE), where, "$schema", sprintf("\"%s\"", .PACKAGE_PROFILE))
  .expect(.is_string(d[["name"]]) && grepl(.NAME, d[["name"]]), where, "name", "a lower-case name")
  .expect(.is_string(d[["version"]]) && grepl(.SEMVER, d[["version"]]), where, "version", "a semantic version such as 2.0.0")
  for (key in c("id", "title", "description", "homepage", "created")) {
    if (!is.null(d[[key]])) .expect(.is_string(d[[key]]), where, key, "a string")
  }
  if (!is.null(d[["keywords"]])) .expect(is.list(d[["keywords"]]) && all(vapply(d[["keywords"]], .is_string, NA)), where, "keywords", "an array of strings")
  .check_lists(d, where, "")
  resources <- d[["resources"]]
  .expect(is.list(resources) && is.null(names(resources)) && length(resources) >= 1L, where, "resources", "a non-empty array")
  if (length(resources) > .LIMITS$resources) {
    .fail(sprintf("%s: %d resources, more than the limit of %d.", where, length(resources), .LIMITS$resources), "limit")
  }
  seen <- character()
  for (i in seq_along(resources)) {
    r <- resources[[i]]
    place <- sprintf("resources[%d]", i - 1L)
    .expect(.is_object(r) && .is_string(r[["type"]]) && r[["type"]] %in% c("table", "text"), where, paste0(place, ".type"), "\"table\" or \"text\"")
    table <- r[["type"]] == "table"
    .closed(r, .KEYS[[r[["type"]]]], c("name", "type", "path", if (table) "schema"), where, place)
    .expect(.is_string(r[["name"]]) && grepl(.NAME, r[["name"]]), where, paste0(place, ".name"), "a lower-case name")
    place <- sprintf("%s (resource %s)", place, .show(r[["name"]]))
    if (r[["name"]] %in% seen) .fail(sprintf("%s: duplicate resource name %s; names must be unique.", where, .show(r[["name"]])), "descriptor")
    seen <- c(seen, r[["name"]])
    .check_path(r[["path"]], paste(where, place, "path"))
    if (table) .check_path(r[["schema"]], paste(where, place, "schema"))
    if (!is.null(r[["encoding"]])) .expect(identical(r[["encoding"]], "utf-8"), where, paste0(place, ".encoding"), "\"utf-8\"")
    if (!is.null(r[["format"]])) .expect(.is_string(r[["format"]]) && r[["format"]] %in% c("csv", "txt"), where, paste0(place, ".format"), "\"csv\" or \"txt\"")
    if (!is.null(r[["mediatype"]])) .expect(.is_string(r[["mediatype"]]) && r[["mediatype"]] %in% c("text/csv", "text/plain"), where, paste0(place, ".mediatype"), "\"text/csv\" or \"text/plain\"")
    for (key in c("title", "description")) {
      if (!is.null(r[[key]])) .expect(.is_string(r[[key]]), where, paste0(place, ".", key), "a string")
    }
    .check_lists(r, where, paste0(place, "."))
    for (key in c("bytes", "schemaBytes")) {
      if (!is.null(r[[key]])) .expect(.is_count(r[[key]]), where, paste0(place, ".", key), "a non-negative integer")
    }
    for (key in c("hash", "schemaHash")) {
      if (!is.null(r[[key]])) .expect(.is_string(r[[key]]) && grepl(.SHA256, r[[key]]), where, paste0(place, ".", key), "\"sha256:\" and 64 lower-case hex digits")
    }
  }
  invisible(d)
}

.check_schema <- function(s, where) {
  .closed(s, .KEYS$schema, "fields", where, "the Table Schema")
  if (!is.null(s[["$schema"]])) .expect(identical(s[["$schema"]], .SCHEMA_PROFILE), where, "$schema", sprintf("\"%s\"", .SCHEMA_PROFILE))
  fields <- s[["fields"]]
  .expect(is.list(fields) && is.null(names(fields)) && length(fields) >= 1L, where, "fields", "a non-empty array")
  if (length(fields) > .LIMITS$fields) {
    .fail(sprintf("%s: %d fields, more than the limit of %d.", where, length(fields), .LIMITS$fields), "limit")
  }
  if (!is.null(s[["missingValues"]])) {
    .expect(is.list(s[["missingValues"]]) && all(vapply(s[["missingValues"]], .is_string, NA)), where, "missingValues", "an array of strings")
  }
  names <- character()
  for (i in seq_along(fields)) {
    f <- fields[[i]]
    place <- sprintf("fields[%d]", i - 1L)
    .closed(f, .KEYS$field, c("name", "type"), where, place)
    .expect(.is_string(f[["name"]]) && nzchar(f[["name"]]), where, paste0(place, ".name"), "a non-empty string")
    place <- sprintf("%s (field %s)", place, .show(f[["name"]]))
    .expect(.is_string(f[["type"]]) && f[["type"]] %in% .TYPES, where, paste0(place, ".type"), paste0("one of ", paste(.TYPES, collapse = ", ")))
    if (!is.null(f[["format"]])) .expect(identical(f[["format"]], "default"), where, paste0(place, ".format"), "\"default\"")
    if (!is.null(f[["constraints"]])) .check_constraints(f[["constraints"]], where, paste0(place, ".constraints"))
    if (!is.null(f[["categoriesOrdered"]])) .expect(isTRUE(f[["categoriesOrdered"]]) || isFALSE(f[["categoriesOrdered"]]), where, paste0(place, ".categoriesOrdered"), "true or false")
    labels <- .categories(f)
    if (!is.null(labels)) {
      .expect(length(labels) >= 1L && !anyNA(labels) && !anyDuplicated(labels), where, paste0(place, " categories"), "distinct strings")
    }
    names <- c(names, f[["name"]])
  }
  if (anyDuplicated(names)) .fail(sprintf("%s: duplicate field name %s.", where, .show(names[anyDuplicated(names)])), "descriptor")
  if (!is.null(s[["primaryKey"]])) .expect(.is_strings(s[["primaryKey"]]), where, "primaryKey", "an array of field names")
  keys <- s[["foreignKeys"]]
  if (!is.null(keys)) .expect(is.list(keys) && is.null(names(keys)), where, "foreignKeys", "an array")
  for (i in seq_along(keys)) {
    place <- sprintf("foreignKeys[%d]", i - 1L)
    .closed(keys[[i]], .KEYS$foreign_key, .KEYS$foreign_key, where, place)
    .expect(.is_strings(keys[[i]][["fields"]]), where, paste0(place, ".fields"), "an array of field names")
    .closed(keys[[i]][["reference"]], .KEYS$reference, .KEYS$reference, where, paste0(place, ".reference"))
    .expect(.is_string(keys[[i]][["reference"]][["resource"]]), where, paste0(place, ".reference.resource"), "a string")
    .expect(.is_strings(keys[[i]][["reference"]][["fields"]]), where, paste0(place, ".reference.fields"), "an array of field names")
  }
  invisible(s)
}

# Constraint values have their JSON types, even those read_csto does not apply (`validate` applies them all).
.check_constraints <- function(c, where, place) {
  .closed(c, .KEYS$constraints, character(), where, place)
  for (key in intersect(c("required", "unique"), names(c))) .expect(isTRUE(c[[key]]) || isFALSE(c[[key]]), where, paste0(place, ".", key), "true or false")
  for (key in intersect(c("minLength", "maxLength"), names(c))) .expect(.is_count(c[[key]]), where, paste0(place, ".", key), "a non-negative integer")
  for (key in intersect(c("minimum", "maximum"), names(c))) .expect(.is_whole(c[[key]]), where, paste0(place, ".", key), "an integer")
  if (!is.null(c[["pattern"]])) {
    .expect(.is_string(c[["pattern"]]) && nchar(c[["pattern"]]) %in% seq_len(.LIMITS$pattern_chars), where, paste0(place, ".pattern"), sprintf("a string of 1 to %d characters", .LIMITS$pattern_chars))
  }
}

# A field's categories in schema order: `categories` (plain strings or {"value": ...} objects) take precedence
# over an `enum` constraint, as in the Python package. NULL when the field has neither.
.categories <- function(field) {
  items <- if (!is.null(field[["categories"]])) field[["categories"]] else field[["constraints"]][["enum"]]
  if (is.null(items)) {
    return(NULL)
  }
  vapply(items, function(item) {
    value <- if (.is_object(item)) item[["value"]] else item
    if (.is_string(value)) value else NA_character_
  }, "")
}

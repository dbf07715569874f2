# The plain-text citation, read from datapackage.json only, in the form of the Python package's
# `python -m csto_annotations cite` (src/csto_annotations/_cite/_work.py and _records.py): one line for the
# dataset version, one for the annotated article. What the descriptor does not state is left out, never
# guessed. A differential test holds the two equal.

.text_of <- function(value) if (.is_string(value)) value else ""
.strip <- function(x) trimws(x, whitespace = "[\\h\\v]")
.objects <- function(value) if (is.list(value) && is.null(names(value))) Filter(.is_object, value) else list()

.REFERENCE <- paste0(
  "(*UCP)^(?<title>.+?)\\.\\s+(?<container>[^,]+),\\s+Volume\\s+(?<volume>\\d+),\\s+",
  "Issue\\s+(?<issue>\\d+)\\.\\s+(?<publisher>.+?),\\s+(?<year>\\d{4})\\.?$"
)
.DOI <- "(*UCP)(?i)^(?:https?://(?:dx\\.)?doi\\.org/|doi:)?(10\\.\\d{4,9}/\\S+)$"

# "Title (2007). Periodical 4(191). Publisher. URL", with what the descriptor's first source states.
.article_reference <- function(entry) {
  title <- .strip(.text_of(entry[["title"]]))
  url <- .strip(.text_of(entry[["path"]]))
  match <- regmatches(title, regexec(.REFERENCE, title, perl = TRUE))[[1L]]
  parts <- if (length(match)) {
    as.list(.strip(match[-1L]))
  } else {
    list(title = sub("\\.+$", "", title), container = "", volume = "", issue = "", publisher = "", year = "")
  }
  names(parts) <- c("title", "container", "volume", "issue", "publisher", "year")
  issue <- if (nzchar(parts$volume) && nzchar(parts$issue)) sprintf("%s(%s)", parts$volume, parts$issue) else ""
  periodical <- paste(Filter(nzchar, c(parts$container, issue)), collapse = " ")
  pieces <- c(
    sprintf("%s (%s).", parts$title, if (nzchar(parts$year)) parts$year else "n.d."),
    if (nzchar(periodical)) paste0(periodical, "."),
    if (nzchar(parts$publisher)) paste0(parts$publisher, "."),
    url
  )
  paste(Filter(nzchar, pieces), collapse = " ")
}

.citation <- function(d) {
  name <- .strip(.text_of(d[["name"]]))
  creators <- vapply(.objects(d[["contributors"]]), function(person) {
    roles <- person[["roles"]]
    if (is.list(roles) && "creator" %in% unlist(roles)) {
      .strip(if (nzchar(.text_of(person[["title"]]))) .text_of(person[["title"]]) else .text_of(person[["name"]]))
    } else {
      ""
    }
  }, "")
  authors <- Filter(nzchar, creators)
  if (!length(authors)) authors <- .text_of(d[["name"]])
  created <- .text_of(d[["created"]])
  year <- if (grepl("(*UCP)^\\d{4}-\\d{2}-\\d{2}", created, perl = TRUE)) substr(created, 1L, 4L) else ""
  title <- .strip(.text_of(d[["title"]]))
  if (!nzchar(title)) title <- name
  line <- sprintf(
    "%s (%s). %s (version %s) [Data set].",
    paste(authors, collapse = ", "), if (nzchar(year)) year else "n.d.", title, .strip(.text_of(d[["version"]]))
  )
  licences <- Filter(nzchar, vapply(.objects(d[["licenses"]]), function(l) .text_of(l[["name"]]), ""))
  if (length(licences)) line <- sprintf("%s Licence: %s.", line, paste(licences, collapse = ", "))
  doi <- regmatches(.strip(.text_of(d[["id"]])), regexec(.DOI, .strip(.text_of(d[["id"]])), perl = TRUE))[[1L]]
  url <- if (length(doi)) paste0("https://doi.org/", doi[2L]) else .strip(.text_of(d[["homepage"]]))
  if (nzchar(url)) line <- paste(line, url)
  sources <- .objects(d[["sources"]])
  paste(c(line, if (length(sources)) .article_reference(sources[[1L]])), collapse = "\n")
}

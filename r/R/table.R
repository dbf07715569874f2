# Type every column of one table from its Table Schema field.
#
# The CSV is read with every column as text (utils::read.csv, colClasses = "character"), with the schema's
# missingValues as the only NA strings; then each column is converted by its field, so the types come from
# the schema and never from guessing. The lexical forms are the Python engine's: integers in canonical
# decimal form (no 12.0, +3 or 1e2), decimal numbers, true/false, real dates as YYYY-MM-DD.

.FORMS <- list(
  integer = c("^-?[0-9]{1,18}$", "an integer in canonical form (like 12 or -3)"),
  number = c("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$", "a decimal number (like 2.5 or -1e3)"),
  boolean = c("^(true|false)$", "true or false"),
  date = c("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "a date as YYYY-MM-DD")
)

# Refuse the first bad row of a column: `bad` is a logical mask over the data rows.
.refuse_rows <- function(bad, where, column, say) {
  rows <- which(bad)
  if (!length(rows)) {
    return(invisible())
  }
  more <- if (length(rows) > 1L) sprintf(" (and %d more rows in this column)", length(rows) - 1L) else ""
  # Rows are numbered as the Python package and frictionless number them: the header is row 1.
  .fail(sprintf("%s row %d column %s: %s%s.", where, rows[1L] + 1L, .show(column), say(rows[1L]), more), "table")
}

.type_column <- function(raw, field, where) {
  name <- field[["name"]]
  missing <- is.na(raw)
  .refuse_rows(!missing & nchar(raw, type = "chars", allowNA = TRUE) > .LIMITS$cell_chars, where, name, function(row) {
    sprintf("expected at most %d characters, found %d", .LIMITS$cell_chars, nchar(raw[row], type = "chars"))
  })
  if (isTRUE(field[["constraints"]][["required"]])) {
    .refuse_rows(missing, where, name, function(row) "expected a value (the field is required), found an empty cell")
  }
  form <- .FORMS[[field[["type"]]]]
  if (!is.null(form)) {
    .refuse_rows(!missing & !grepl(form[1L], raw, perl = TRUE), where, name, function(row) {
      sprintf("expected %s, found %s", form[2L], .show(raw[row]))
    })
  }
  labels <- .categories(field)
  if (!is.null(labels)) {
    .refuse_rows(!missing & !(raw %in% labels), where, name, function(row) {
      sprintf("expected one of %s, found %s", paste(labels, collapse = ", "), .show(raw[row]))
    })
    return(factor(raw, levels = labels, ordered = isTRUE(field[["categoriesOrdered"]])))
  }
  switch(field[["type"]],
    string = raw,
    integer = {
      value <- as.numeric(raw)
      .refuse_rows(!missing & abs(value) > .Machine$integer.max, where, name, function(row) {
        sprintf("expected an integer R can hold (at most %d in absolute value), found %s", .Machine$integer.max, raw[row])
      })
      as.integer(value)
    },
    number = as.numeric(raw),
    boolean = raw == "true",
    date = {
      value <- as.Date(raw, format = "%Y-%m-%d")
      # Well formed but not a real date, such as 2007-02-30.
      .refuse_rows(!missing & (is.na(value) | format(value, "%Y-%m-%d") != raw), where, name, function(row) {
        sprintf("expected a real date as YYYY-MM-DD, found %s", .show(raw[row]))
      })
      value
    }
  )
}

.read_csv <- function(data, names, missing, where) {
  control <- which(as.integer(data) < 32L & !(as.integer(data) %in% c(9L, 10L, 13L)))
  if (length(control)) {
    line <- sum(data[seq_len(control[1L])] == as.raw(10L)) + 1L
    .fail(sprintf(
      "%s line %d: expected no control characters (NUL or another C0 character but tab, LF, CR), found byte 0x%02x.",
      where, line, as.integer(data[control[1L]])
    ), "table")
  }
  if (!length(data)) .fail(sprintf("%s: expected a header row, found an empty file.", where), "table")
  # read.table would take the final line break for an empty last row: drop it (a blank line elsewhere is refused).
  n <- length(data)
  ending <- if (data[n] != as.raw(10L)) 0L else if (n > 1L && data[n - 1L] == as.raw(13L)) 2L else 1L
  text <- .utf8(data[seq_len(n - ending)], where)
  broken <- function(condition) {
    .fail(sprintf(
      "%s: expected a CSV file whose every row has the schema's %d cells (R's reader: %s); a stray or unclosed quote can join rows. `python -m csto_annotations validate` names the row.",
      where, length(names), conditionMessage(condition)
    ), "table")
  }
  frame <- withCallingHandlers(
    tryCatch(
      utils::read.csv(
        textConnection(text, encoding = "UTF-8"),
        colClasses = "character", na.strings = missing, encoding = "UTF-8", check.names = FALSE,
        fill = FALSE, blank.lines.skip = FALSE, strip.white = FALSE, comment.char = "", quote = "\"",
        row.names = NULL, stringsAsFactors = FALSE
      ),
      error = broken
    ),
    warning = broken
  )
  found <- names(frame)
  if (!identical(found, names)) {
    width <- max(length(found), length(names))
    have <- found[seq_len(width)]
    want <- names[seq_len(width)] # both padded with NA
    at <- which(is.na(have) | is.na(want) | have != want)[1L]
    .fail(sprintf(
      "%s row 1: expected header cell %d to be %s (the schema's field order), found %s.",
      where, at, if (at <= length(names)) .show(names[at]) else "nothing", if (at <= length(found)) .show(found[at]) else "nothing"
    ), "table")
  }
  frame
}

# One table as a data.frame typed from its schema, columns in schema order.
.read_table <- function(data, schema, where) {
  fields <- schema[["fields"]]
  names <- vapply(fields, function(f) f[["name"]], "")
  missing <- if (is.null(schema[["missingValues"]])) "" else as.character(unlist(schema[["missingValues"]]))
  frame <- .read_csv(data, names, missing, where)
  columns <- lapply(fields, function(field) .type_column(frame[[field[["name"]]]], field, where))
  names(columns) <- names
  list2DF(columns, nrow = nrow(frame))
}

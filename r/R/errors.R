# Conditions and message helpers. Every failure is a classed condition, so callers can catch one type:
# tryCatch(read_csto(p), csto_error = function(e) ...). Subclasses say what went wrong.

.fail <- function(message, class = NULL) {
  stop(structure(
    class = c(if (!is.null(class)) paste0("csto_", class, "_error"), "csto_error", "error", "condition"),
    list(message = message, call = NULL)
  ))
}

# Values from a package are untrusted: quote them and escape control characters before they reach a terminal.
.show <- function(x, width = 80L) {
  x <- as.character(x)
  long <- !is.na(x) & nchar(x, type = "chars", allowNA = TRUE) > width
  x[long] <- paste0(substr(x[long], 1L, width), "...")
  encodeString(x, quote = "'")
}

library(testthat)
library(cstoannotations)

test_check("cstoannotations")

"""Citations of the dataset and provenance of single records."""

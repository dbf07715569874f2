"""Outputs: Parquet, CSV, DuckDB, SQLite, spaCy, W3C Web Annotation, brat and Hugging Face."""

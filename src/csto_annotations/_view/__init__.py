"""The annotated-article viewer: one self-contained HTML page."""

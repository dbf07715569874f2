"""The one reader: descriptor profile, safe paths, hashes, sources, downloads and archives."""

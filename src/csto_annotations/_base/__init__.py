"""The bottom layer: errors, limits, safe paths, atomic writes and terminal escaping.

Nothing here imports from another layer of the package.
"""

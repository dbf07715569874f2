"""The bottom layer: errors, limits, safe paths, terminal escaping and schema-field facts.

Nothing here imports from another layer of the package.
"""

"""The one validation engine: types, constraints, keys, spans and codebook rules."""

"""A corruption corpus built by code from the real package (see :mod:`hostile.corpus`)."""

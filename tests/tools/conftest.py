"""Fixtures of the maintainer-tool tests: the shared ``real`` and ``scaled`` packages come from tests/conftest.py."""

"""Coventry Inspect: record inspection evidence; produce the documents an inspection publishes."""

__version__ = "0.1.0"
"""Kept equal to pyproject's version by a test; read here, not from package metadata, because
importing importlib.metadata costs start-up time."""

"""Coventry Inspect: record inspection evidence; produce the documents an inspection publishes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coventry-inspect")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

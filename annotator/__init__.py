"""Annotator: code actors, claims and stance in news articles."""

__version__ = "0.1.0"

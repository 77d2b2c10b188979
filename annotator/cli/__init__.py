"""The ``annotator`` command (DESIGN.md §8): a thin layer over the services."""

from annotator.cli.main import main

__all__ = ["main"]

"""Logging, configured once per process: a rotating file in the user log folder."""

from __future__ import annotations

import logging
import logging.handlers

from annotator.core.paths import user_log_dir
from annotator.core.printable import printable


class _PrintableFormatter(logging.Formatter):
    """Log lines carry file names and user text: their control characters are escaped, so
    neither the console nor a later ``cat`` of the log file receives terminal commands."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


_configured = False


def configure_logging(*, verbose: bool = False) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("annotator")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            user_log_dir() / "annotator.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # read-only home: log nowhere rather than fail to start
        handler = logging.NullHandler()
    handler.setFormatter(_PrintableFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(_PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)

"""Logging, configured once per process: a rotating file in the user log folder."""

from __future__ import annotations

import logging
import logging.handlers

from annotator.core.paths import user_log_dir

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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)

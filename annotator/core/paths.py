"""Where things live: shipped data (migrations, seeds, resources) and the user's folders.

Shipped data sits in ``annotator/_data`` inside a wheel or a frozen bundle and at the top of a
source checkout; :func:`data_dir` finds either. User folders come from platformdirs, or all
from one folder when ``ANNOTATOR_HOME`` is set (tests and portable installs use that).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "Annotator"
APP_AUTHOR = "Annotator"
PROJECT_SUFFIX = ".annot"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """Return the shipped data folder ``name`` (``db``, ``seeds`` or ``resources``).

    Raises:
        FileNotFoundError: when neither the packaged nor the source-checkout copy exists.
    """
    candidates = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    frozen_root = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "annotator" / "_data" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder {name!r} not found in {candidates}")


def _home_override() -> Path | None:
    home = os.environ.get("ANNOTATOR_HOME")
    return Path(home) if home else None


def user_data_dir() -> Path:
    """Folder for the demo project and other user data (created on demand)."""
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    """Folder for settings (created on demand)."""
    home = _home_override()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """Folder for derived caches such as search indexes (created on demand)."""
    home = _home_override()
    path = home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    """Folder for the rotating log file (created on demand)."""
    home = _home_override()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_project_path() -> Path:
    """Where the demo project built from the seeds lives."""
    return user_data_dir() / f"demo{PROJECT_SUFFIX}"

"""Window geometry and UI preferences (QSettings, INI format, user scope), every key declared
once here. Per-project choices live in the project file, not here."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.core.paths import user_config_dir

KEY_LAST_PROJECT = "project/last"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_RECENT = "project/recent"
KEY_LAST_FOLDER = "files/last_folder"
"""The folder a file dialog was last used in (the next one starts there)."""
KEY_LAST_DOCUMENTS = "project/last_documents"
"""project path -> the document last shown in it (reopened there when none was worked on)."""
KEY_LAST_WORKED = "project/last_worked"
"""project path -> the document last coded in (reopened there next time)."""
KEY_CODER_NAME = "coder/name"
"""The coder's name, asked when a coding package is first opened (docs/team.md)."""


def _key(path: Path) -> str:
    # QSettings keys cannot hold slashes: a digest of the path names the project.
    return hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]


class Settings:
    def __init__(self) -> None:
        self._qs = QSettings(str(user_config_dir() / "settings.ini"), QSettings.Format.IniFormat)
        self._qs.setFallbacksEnabled(False)

    def last_project(self) -> Path | None:
        value = self._qs.value(KEY_LAST_PROJECT, "")
        return Path(str(value)) if value else None

    def set_last_project(self, path: Path) -> None:
        self._qs.setValue(KEY_LAST_PROJECT, str(path))
        recent = [p for p in self.recent_projects() if p != path]
        self._qs.setValue(KEY_RECENT, [str(p) for p in [path, *recent][:8]])

    def recent_projects(self) -> list[Path]:
        value: object = self._qs.value(KEY_RECENT, [])
        # QSettings' INI format returns a single stored item as a plain string.
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list):
            return []
        return [Path(str(v)) for v in values if v]

    def last_document(self, project: Path) -> str | None:
        value = self._qs.value(f"{KEY_LAST_DOCUMENTS}/{_key(project)}", "")
        return str(value) or None

    def set_last_document(self, project: Path, document_id: str) -> None:
        self._qs.setValue(f"{KEY_LAST_DOCUMENTS}/{_key(project)}", document_id)

    def last_worked_document(self, project: Path) -> str | None:
        value = self._qs.value(f"{KEY_LAST_WORKED}/{_key(project)}", "")
        return str(value) or None

    def set_last_worked_document(self, project: Path, document_id: str) -> None:
        self._qs.setValue(f"{KEY_LAST_WORKED}/{_key(project)}", document_id)

    def last_folder(self) -> Path | None:
        value = self._qs.value(KEY_LAST_FOLDER, "")
        return Path(str(value)) if value else None

    def set_last_folder(self, folder: Path) -> None:
        self._qs.setValue(KEY_LAST_FOLDER, str(folder))

    def geometry(self) -> QByteArray | None:
        value = self._qs.value(KEY_GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._qs.setValue(KEY_GEOMETRY, geometry)

    def window_state(self) -> QByteArray | None:
        value = self._qs.value(KEY_STATE)
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, state: QByteArray) -> None:
        self._qs.setValue(KEY_STATE, state)

    def coder_name(self) -> str | None:
        value = self._qs.value(KEY_CODER_NAME, "")
        return str(value).strip() or None

    def set_coder_name(self, name: str) -> None:
        self._qs.setValue(KEY_CODER_NAME, name)

    def sync(self) -> None:
        self._qs.sync()

"""Window geometry and UI preferences (QSettings, INI format, user scope), every key declared
once here. Per-project choices live in the project file, not here."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.core.paths import user_config_dir
from annotator.services.dataset_export import FORMATS

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
KEY_STATEMENT_COLUMNS = "statements/columns"
KEY_HIDDEN_DOCUMENT_COLUMNS = "documents/hiddenColumns"
"""The Statements table's header: column order, widths, hidden columns, sort."""


KEY_PREFERENCES = "preferences"
"""Edit → Preferences: one key per field of :class:`Preferences` under this group."""
THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Preferences:
    """What Edit → Preferences sets on this computer (the stance scale is the project's)."""

    coder_name: str = ""
    """Who codes; empty: the OS user name (``--coder`` overrides it for one run)."""
    font_family: str = ""
    """The article's font; empty: the system's."""
    font_size: float = 11.0
    theme: str = "system"
    trim_selection: bool = True
    """Leave out white space at the ends of a selection before it is coded."""
    export_format: str = "jsonl"
    """Offered first by File → Export Dataset."""

    def cleaned(self) -> Preferences:
        """Stored values a hand-edited file or an older version may have spoiled, mended."""
        default = Preferences()
        return dataclasses.replace(
            self,
            coder_name=" ".join(self.coder_name.split()),
            font_size=min(72.0, max(6.0, self.font_size)),
            theme=self.theme if self.theme in THEMES else default.theme,
            export_format=(
                self.export_format if self.export_format in FORMATS else default.export_format
            ),
        )


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

    def statement_columns(self) -> QByteArray | None:
        value = self._qs.value(KEY_STATEMENT_COLUMNS)
        return value if isinstance(value, QByteArray) else None

    def set_statement_columns(self, state: QByteArray) -> None:
        self._qs.setValue(KEY_STATEMENT_COLUMNS, state)

    def hidden_document_columns(self) -> list[str]:
        """The document list's hidden columns (Origin until the user shows it)."""
        value = self._qs.value(KEY_HIDDEN_DOCUMENT_COLUMNS)
        if value is None:
            return ["Origin"]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def set_hidden_document_columns(self, columns: list[str]) -> None:
        # An empty list is read back as None by some back ends: "" stands for none hidden.
        self._qs.setValue(KEY_HIDDEN_DOCUMENT_COLUMNS, columns or "")

    def preferences(self) -> Preferences:
        default = Preferences()
        values: dict[str, object] = {}
        for field in dataclasses.fields(Preferences):
            stored = self._qs.value(f"{KEY_PREFERENCES}/{field.name}")
            wanted = getattr(default, field.name)
            if stored is None:
                continue
            # The INI format hands every value back as a string.
            if isinstance(wanted, bool):
                values[field.name] = str(stored).lower() in ("true", "1")
            elif isinstance(wanted, float):
                try:
                    values[field.name] = float(str(stored))
                except ValueError:
                    continue
            else:
                values[field.name] = str(stored)
        return Preferences(**values).cleaned()  # type: ignore[arg-type]

    def set_preferences(self, preferences: Preferences) -> None:
        for field in dataclasses.fields(Preferences):
            self._qs.setValue(f"{KEY_PREFERENCES}/{field.name}", getattr(preferences, field.name))

    def sync(self) -> None:
        self._qs.sync()

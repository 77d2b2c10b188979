"""File dialogs start in the user's documents folder, then in the folder used last, never
in the program's folder (issue #16.15)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog


def test_file_dialogs_start_in_documents_then_where_the_user_was(window, tmp_path, monkeypatch):
    starts: list[str] = []
    chosen = tmp_path / "articles"
    chosen.mkdir()

    def get_names(_parent, _title, start, _filters):
        starts.append(start)
        return [str(chosen / "a.txt")], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", get_names)
    window.files.import_files()  # File → Import Files… asks for files
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if documents and Path(documents).is_dir() else str(Path.home())
    assert starts[0] == expected
    window.files.import_files()
    assert starts[1] == str(chosen)  # where the user picked from last time

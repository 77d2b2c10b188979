"""The main window on a copy of the demo project, shared by the GUI tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings


@pytest.fixture
def window(qtbot, demo_template, tmp_path) -> Iterator[MainWindow]:
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    window = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(window)
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()

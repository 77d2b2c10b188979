"""A key the window names for one action works even where the platform also binds a
standard key to it: on X11 (KDE and Generic key themes) the standard Delete is Del *and*
Ctrl+D, so Ctrl+D (Document → Set Status → Done) was an ambiguous shortcut there and did
nothing. Offscreen Delete is Del alone, so the tests give it X11's bindings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.gui.helpers import VOA, focus_in_active_window, open_document

_offscreen_bindings = QKeySequence.keyBindings


def _x11_bindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    found = list(_offscreen_bindings(key))
    if key == QKeySequence.StandardKey.Delete:
        found.append(QKeySequence("Ctrl+D"))
    return found


@pytest.fixture(autouse=True)
def x11_bindings(monkeypatch):
    """X11's standard keys, set before the window (which reads them when it is made): an
    autouse fixture comes before the fixtures a test names."""
    monkeypatch.setattr(QKeySequence, "keyBindings", staticmethod(_x11_bindings))


@pytest.fixture
def x11_window(window, qtbot):
    focus_in_active_window(window.view, qtbot)
    return window


def test_ctrl_d_marks_the_document_done_where_delete_is_also_ctrl_d(x11_window, qtbot):
    window = x11_window
    document_id = open_document(window, VOA)
    focus_in_active_window(window.document_list, qtbot)
    qtbot.keyClick(window.document_list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.project is not None
    qtbot.waitUntil(lambda: window.project.document(document_id).status == "done")


def test_delete_annotation_keeps_the_platform_delete_keys_no_one_else_names(x11_window):
    delete = x11_window.action_set.actions["code.delete"]
    assert QKeySequence("Del") in delete.shortcuts()
    assert QKeySequence("Ctrl+D") not in delete.shortcuts()

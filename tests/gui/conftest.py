"""The main window on a copy of the demo project, shared by the GUI tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.gui.helpers import Coded


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


@pytest.fixture
def coded(qtbot, demo_template, tmp_path) -> Iterator[Coded]:
    """The window on a demo project whose second document has three statements by KCNA."""
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    project = ProjectService.open(path)
    coder = project.ensure_coder("tester").id
    claim = next(c for c in project.claims() if c.parent_id is not None)
    speaker = next(a for a in project.actors() if a.name == "KCNA")
    document = project.document_summaries()[1]
    text = project.document(document.id).text
    spans = []
    for at, stance in ((300, "support"), (900, "oppose"), (1500, "oppose")):
        start = text.index(" ", at) + 1
        end = text.index(" ", start + 10)
        project.apply(
            ops.AddStatement(
                document.id, start, end, claim.id, coder, speaker_id=speaker.id, stance=stance
            )
        )
        spans.append((start, end))
    ids = [a.id for a in sorted(project.annotations(document.id), key=lambda a: a.start)]
    project.close()
    window = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(window)
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    yield Coded(window, document.id, ids, spans)
    window.close()

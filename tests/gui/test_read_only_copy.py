"""A second copy opens a project read-only and says so (issue #16.7): a bar says who holds
it for writing, coding actions are disabled with the reason, and "Reopen for Writing" works
once the other copy has closed."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings

HOLD = (
    "import sys, pathlib\n"
    "from annotator.services.project import ProjectService\n"
    "project = ProjectService.open(pathlib.Path(sys.argv[1]))\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
    "project.close()\n"
)


def test_a_read_only_copy_says_why_and_reopens_for_writing(qtbot, demo_template, tmp_path):
    path = tmp_path / "demo.annot"
    path.write_bytes(demo_template.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        window = MainWindow(Settings(), coder="tester")
        qtbot.addWidget(window)
        assert window.open_path(path)
        window.show()
        bar = window.read_only_bar
        assert bar.isVisible()
        assert f"process {holder.pid}" in bar.reason.text()
        assert "can be opened read-only" not in bar.reason.text()  # it already is
        assert "[read-only]" in window.windowTitle()
        mention = window.action_set.actions["code.mention"]
        assert not mention.isEnabled()
        assert "open for writing" in mention.toolTip()
        warnings: list[str] = []
        window.dialogs.warning = lambda title, text: warnings.append(title)  # type: ignore[method-assign]
        qtbot.mouseClick(bar.reopen, Qt.MouseButton.LeftButton)  # the other copy still holds it
        assert warnings == ["Still read-only"]
        assert window.project is not None
        assert window.project.read_only_reason
    finally:
        holder.communicate("")  # the other copy closes
    qtbot.mouseClick(bar.reopen, Qt.MouseButton.LeftButton)
    assert window.project is not None
    assert window.project.read_only_reason is None
    assert not bar.isVisible()
    assert "[read-only]" not in window.windowTitle()
    assert window.action_set.actions["file.import"].isEnabled()
    window.close()

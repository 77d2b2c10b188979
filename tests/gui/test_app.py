"""`annotator` with no command starts the app on the demo project, recreated if deleted."""

from PySide6.QtGui import QImage

from annotator.cli import main
from annotator.core.paths import demo_project_path


def test_annotator_alone_opens_the_demo_project(qapp, tmp_path):
    shot = tmp_path / "window.png"
    assert not demo_project_path().exists()
    assert main(["--screenshot", str(shot)]) == 0
    assert demo_project_path().exists()
    image = QImage(str(shot))
    assert image.width() > 600
    assert image.height() > 400


def test_a_deleted_demo_project_is_recreated(qapp, tmp_path):
    assert main(["--screenshot", str(tmp_path / "a.png")]) == 0
    demo = demo_project_path()
    for leftover in demo.parent.glob(demo.name + "*"):
        if leftover.is_file():
            leftover.unlink()
    assert main(["--screenshot", str(tmp_path / "b.png")]) == 0
    assert demo.exists()

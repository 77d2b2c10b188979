"""Render resources/icons/annotator.svg into the icon files the installers need:
build/icons/annotator.png (512 px, Linux .desktop), annotator.ico (Windows), annotator.icns
(macOS). Qt draws them (QtSvg and the ico/icns image plugins of PySide6), so no other tool
is needed: ``python packaging/make_icons.py``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "annotator.svg"
OUT = ROOT / "build" / "icons"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt's image plugins need an app
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, size, fmt in (
        ("annotator.png", 512, "PNG"),
        ("annotator.ico", 256, "ICO"),
        ("annotator.icns", 512, "ICNS"),
    ):
        if render(size).save(str(OUT / name), fmt):
            written.append(name)
        else:
            print(f"could not write {name} (no {fmt} image plugin)", file=sys.stderr)
    print(f"icons in {OUT}: {', '.join(written)}")
    return 0 if "annotator.png" in written else 1


if __name__ == "__main__":
    sys.exit(main())

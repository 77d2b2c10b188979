"""Window figures: open an article with 1,000 annotations until painted; add one annotation
end to end (operation, redraw of table and highlights, paint). Run offscreen."""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator.core.models import new_id
from annotator.core.paths import data_dir
from annotator.services import operations as ops
from annotator.services.demo import add_seed_codebook
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from benchmarks import corpus

ARTICLE_BYTES = 25_000
ANNOTATIONS = 1000


def _article(folder: Path) -> Path:
    parts = corpus.generate(folder / "parts", 14, seed=1000)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in parts)
    path = folder / "long.txt"
    path.write_text(text[:ARTICLE_BYTES], encoding="utf-8")
    return path


def _code(project: ProjectService, document_id: str, text: str) -> None:
    coder = project.ensure_coder("bench").id
    actors = [a.id for a in project.actors()]
    claims = [c.id for c in project.claims()]
    words = [(i, i + len(w)) for i, w in _words(text)]
    step = max(1, len(words) // ANNOTATIONS)
    batch: list[ops.Operation] = []
    for n, (start, end) in enumerate(words[::step][:ANNOTATIONS]):
        if n % 3 == 0:
            batch.append(
                ops.AddStatement(
                    document_id,
                    start,
                    min(len(text), end + 40),
                    claims[n % len(claims)],
                    coder,
                    speaker_id=actors[n % len(actors)],
                    stance="support",
                    id=new_id(),
                )
            )
        else:
            batch.append(ops.AddMention(document_id, start, end, actors[n % len(actors)], coder))
    project.apply(ops.Batch(tuple(batch), "bench"))


def _words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\w{4,}", text)]


def run() -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings
    from annotator.gui.undo import push

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="annotator-gui-bench-") as scratch:
        root = Path(scratch)
        os.environ["ANNOTATOR_HOME"] = str(root / "home")
        project = ProjectService.create(root / "bench.annot")
        add_seed_codebook(project, data_dir("seeds") / "codebook.json")
        import_paths(project, [_article(root)])
        (document,) = project.document_summaries()
        text = project.document(document.id).text
        _code(project, document.id, text)
        path = project.path
        project.close()

        window = MainWindow(Settings())
        window.resize(1400, 900)
        window.show()
        window.open_path(path)
        app.processEvents()
        opened = []
        for _ in range(7):
            window.view.set_text("")
            app.processEvents()
            begun = time.perf_counter()
            window.show_document(document.id)
            window.view.viewport().repaint()
            opened.append((time.perf_counter() - begun) * 1000)
        assert window.project is not None
        coder = window.project.ensure_coder("bench").id
        actor = window.project.actors()[0].id
        added = []
        for start, word in _words(text)[5:45]:
            begun = time.perf_counter()
            push(
                window.undo_stack,
                window.project,
                window.bus,
                ops.AddMention(document.id, start, start + len(word), actor, coder),
            )
            window.view.viewport().repaint()
            added.append((time.perf_counter() - begun) * 1000)
        annotations = len(window.project.annotations(document.id))
        window.close()
    return {
        "open_doc_1000_ms": round(statistics.median(opened), 1),
        "open_doc_annotations": annotations - len(added),
        "add_annotation_ms": round(statistics.median(added), 1),
        "add_annotation_p95_ms": round(sorted(added)[int(0.95 * (len(added) - 1))], 1),
    }

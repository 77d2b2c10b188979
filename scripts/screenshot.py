"""Make docs/screenshot.png: the demo project with a few statements and mentions coded on a
seed article, shown by the app itself (run: .venv/bin/python scripts/screenshot.py [PNG])."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from annotator.gui.app import run_gui
from annotator.services import operations as ops
from annotator.services.demo import create_demo_project

ROOT = Path(__file__).resolve().parents[1]
VOA = "North Korea Using Ties with Russia to Boost Standing with China"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    home = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    os.environ["ANNOTATOR_HOME"] = str(home)
    project, _ = create_demo_project(home / "demo.annot")
    with project:
        coder = project.ensure_coder("analyst").id
        document = next(d for d in project.document_summaries() if d.title == VOA)
        text = project.document(document.id).text
        actors = {a.name: a.id for a in project.actors()}
        claims = {c.label: c.id for c in project.claims()}

        def span(phrase: str, after: str = "") -> tuple[int, int]:
            start = text.index(phrase, text.index(after) if after else 0)
            return start, start + len(phrase)

        for phrase, actor in (
            ("North Korean leader Kim Jong Un", "Kim Jong Un"),
            ("Vladimir Putin", "Vladimir Putin"),
            ("North Korea vowed", "North Korea"),
        ):
            start, end = span(phrase)
            project.apply(ops.AddMention(document.id, start, end, actors[actor], coder))
        for phrase, claim, speaker, stance in (
            (
                "North Korea vowed Tuesday to continue its military cooperation with Russia",
                "North Korea–Russia military cooperation",
                "North Korea",
                "support",
            ),
            (
                "North Korea’s delivery of more than 1,000 containers filled with weapons to "
                "Russia for its war Ukraine will destabilize international security",
                "North Korea supplies arms to Russia",
                "United States",
                "oppose",
            ),
        ):
            start, end = span(phrase)
            project.apply(
                ops.AddStatement(
                    document.id,
                    start,
                    end,
                    claims[claim],
                    coder,
                    speaker_id=actors[speaker],
                    stance=stance,
                )
            )
        path = project.path
    from annotator.gui.settings import Settings

    Settings().set_last_project(path)
    Settings().set_last_document(path, document.id)
    return run_gui(str(path), screenshot=str(out), coder="analyst")


if __name__ == "__main__":
    sys.exit(main())

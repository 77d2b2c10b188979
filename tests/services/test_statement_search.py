"""Statement scope on the demo project, end to end (issue #14.4): the service names the
statements a document was found by, the CLI prints and exports them as JSON."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from annotator.cli import main
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from annotator.services.search import SearchService


@pytest.fixture
def coded(demo_template, tmp_path):
    """The demo with three statements: in one article KCNA opposes a claim and supports
    another; in a second article someone else opposes the second claim."""
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    project = ProjectService.open(path)
    coder = project.ensure_coder("tester").id
    actors = {a.name: a.id for a in project.actors()}
    claims = [c for c in project.claims() if c.parent_id is not None][:2]
    first, second = (d for d in project.document_summaries()[:2])
    text = project.document(first.id).text
    other = project.document(second.id).text
    where = {}

    def state(
        document: Any, body: str, at: int, claim: Any, stance: str, speaker: str | None
    ) -> None:
        start = body.index(" ", at) + 1
        end = body.index(" ", start + 12)
        project.apply(
            ops.AddStatement(
                document.id, start, end, claim.id, coder, speaker_id=speaker, stance=stance
            )
        )
        where[(document.id, stance, claim.label)] = (start, end, body[start:end])

    state(first, text, 100, claims[0], "oppose", actors["KCNA"])
    state(first, text, 400, claims[1], "support", actors["KCNA"])
    state(second, other, 200, claims[1], "oppose", None)
    project.close()
    return path, first, second, claims, where


def test_conditions_in_one_statement_and_the_statements_shown(coded):
    path, first, second, claims, where = coded
    project = ProjectService.open(path)
    search = SearchService(project)
    search.ensure_current()
    label = claims[1].label
    per_document = search.search(f'stance:oppose AND claim:"{label}"')
    assert {h.document_id for h in per_document.hits} == {first.id, second.id}
    scoped = search.search(f'statement:(stance:oppose AND claim:"{label}")')
    ((hit,),) = [scoped.hits]
    assert hit.document_id == second.id
    ((said,),) = [hit.statements]
    start, end, quote = where[(second.id, "oppose", label)]
    assert (said.start, said.end, said.quote, said.stance, said.claim) == (
        start,
        end,
        quote,
        "oppose",
        label,
    )
    assert any(m.start == start and m.end == end for m in hit.offsets)
    # speaker: is a statement spoken by the actor, not a document naming it.
    spoken = search.search("speaker:KCNA")
    assert [h.document_id for h in spoken.hits] == [first.id]
    assert [s.stance for s in spoken.hits[0].statements] == ["oppose", "support"]
    assert search.search("speaker:KCNA AND NOT statement:(stance:support)").total == 0
    search.close()
    project.close()


def test_the_cli_prints_and_exports_the_statements(coded, capsys):
    path, first, _second, claims, where = coded
    label = claims[1].label
    assert main(["search", str(path), f'statement:(stance:oppose AND claim:"{label}")']) == 0
    printed = capsys.readouterr().out
    assert "1 document matches" in printed
    assert f"oppose · {label}" in printed
    assert main(["search", str(path), "speaker:KCNA", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert hit["document_id"] == first.id
    assert [s["speaker"] for s in hit["statements"]] == ["KCNA", "KCNA"]
    start, end, quote = where[(first.id, "oppose", claims[0].label)]
    assert hit["statements"][0] | {"statement_id": ""} == {
        "statement_id": "",
        "start": start,
        "end": end,
        "quote": quote,
        "speaker": "KCNA",
        "claim": claims[0].label,
        "stance": "oppose",
        "coder": "tester",
    }

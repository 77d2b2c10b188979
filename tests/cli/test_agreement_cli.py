"""``annotator agreement`` (#19.3): the figures of the service as text and JSON, the filters,
and unknown coders named with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.conftest import make_document


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The worked example of docs/agreement.md, plus a statement each and a third coder."""
    path = tmp_path / "team.annot"
    with ProjectService.create(path) as opened:
        document = make_document("0123456789", title="Ten\x1b[31m characters")
        opened.apply(ops.AddDocuments((document,)))
        kim = ops.CreateActor.new("Kim")
        claim = ops.CreateClaim.new("Cooperation")
        opened.apply(kim)
        opened.apply(claim)
        ann, bob, cy = (opened.ensure_coder(n).id for n in ("ann", "bob", "cy"))
        for op in (
            ops.AddMention(document.id, 2, 6, kim.actor.id, ann),
            ops.AddMention(document.id, 3, 7, kim.actor.id, bob),
            ops.AddStatement(document.id, 0, 9, claim.claim.id, ann, kim.actor.id, "support"),
            ops.AddStatement(document.id, 1, 9, claim.claim.id, bob, kim.actor.id, "oppose"),
            ops.AddStatement(document.id, 0, 2, claim.claim.id, cy),
        ):
            opened.apply(op)
    return path


def test_json_gives_the_figures_of_the_worked_example(project, capsys):
    code, out, err = run(capsys, "agreement", project, "--coders", "ann,bob", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["coders"] == ["ann", "bob"]
    mentions = data["pooled"]["mentions"]
    assert mentions["alpha_u"]["value"] == pytest.approx(151 / 240)
    assert mentions["categories"][0]["label"] == "Kim"
    assert mentions["alpha_u_any_category"]["value"] == pytest.approx(151 / 240)
    coding = data["pooled"]["statement_coding"]
    assert coding["paired_units"] == 1
    assert coding["unpaired_statements"] == {}
    assert coding["claim"]["value"] is None  # one claim only: no variation
    assert coding["claim"]["percent_agreement"] == 1.0
    assert "variation" in coding["claim"]["undefined"]
    assert coding["stance"]["percent_agreement"] == 0.0
    assert len(data["documents"]) == 1
    assert [p["coders"] for p in data["pairs"]] == [["ann", "bob"]]


def test_text_lists_layers_categories_pairing_documents_and_pairs(project, capsys):
    code, out, err = run(capsys, "agreement", project)
    assert code == 0, err
    assert "Coders: ann, bob, cy" in out
    assert "Mentions (category: actor): αu  0.199; any category  0.199; 2 spans" in out
    assert "0.629  Kim" not in out  # three coders now: cy marked no mention
    assert "unpaired statements: cy 1" in out
    assert "claim    α    n/a, agreement 100.0% (no variation" in out
    assert "-0.150  -0.082     n/a     n/a     n/a  ann × cy (1 document)" in out
    assert "\x1b" not in out  # a title's control characters are escaped
    code, out, _ = run(capsys, "agreement", project, "--coders", "ann,bob")
    assert " 0.629  Kim" in out
    args = ("--coders", "ann,bob", "--stance-order", "support,neutral,oppose")
    code, out, err = run(capsys, "agreement", project, *args)
    assert code == 0, err
    assert "  stance_ordinal α  0.000, agreement 0.0%" in out
    code, _, err = run(capsys, "agreement", project, "--stance-order", "support,hostile")
    assert code == 1
    assert "hostile" in err


def test_unknown_coders_and_documents_exit_1_naming_them(project, capsys):
    code, _, err = run(capsys, "agreement", project, "--coders", "ann,zed")
    assert code == 1
    assert "zed" in err
    code, _, err = run(capsys, "agreement", project, "--documents", "nope")
    assert code == 1
    assert "nope" in err
    code, out, _ = run(capsys, "agreement", project, "--coders", "ann", "--json")
    assert code == 0
    assert json.loads(out)["pooled"]["mentions"]["alpha_u"]["value"] is None

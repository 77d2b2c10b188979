"""The constructed three-coder project (agreement_team.py): every figure of the agreement
tables equals one computed here from SPANS by independent, naive code (positions one by
one, pairs of values one by one, exact fractions); the CSV folder holds those tables."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.exporters.formula_guard import unguard
from annotator.services.agreement import measure_agreement
from annotator.services.agreement.tables import tables, write_report_json, write_tables_csv
from annotator.services.project import ProjectService
from tests.services.agreement_team import SPANS, TEXTS, AgreementTeam, build_team, span_of
from tests.services.naive_agreement import CodedSpan, naive_alpha
from tests.services.naive_agreement import naive_alpha_u as naive

GAP = None


@pytest.fixture
def team(tmp_path: Path) -> AgreementTeam:
    return build_team(tmp_path / "team.annot")


def _coded_by(document: str) -> list[str]:
    return sorted({coder for d, coder, *_ in SPANS if d == document})


def naive_alpha_u(layer: str, documents: list[str]) -> Fraction:
    """The naive αu of ``layer`` over ``documents``, each compared among the coders who
    annotated it."""
    kind = "mention" if layer == "mentions" else "statement"
    spans: list[CodedSpan] = []
    for document, coder, quote, occurrence, k, actor, claim, _stance in SPANS:
        if k == kind:
            category = actor if kind == "mention" else claim
            assert category is not None
            spans.append((document, coder, *span_of(document, quote, occurrence), category))
    lengths = {d: len(TEXTS[d]) for d in documents}
    return naive(lengths, {d: _coded_by(d) for d in documents}, spans)


# The paired statements, read off SPANS by hand: A/S1 (ann, bob wide, cy), A/S2 (ann, bob),
# A/S3 (ann, bob short, cy), B/B1 (ann, bob); cy's "10,000 soldiers" pairs with nothing.
TROOPS, SANCTIONS = "troops", "sanctions"
UNITS = {
    "claim": [[TROOPS] * 3, [TROOPS] * 2, [SANCTIONS, SANCTIONS, TROOPS], [TROOPS] * 2],
    "speaker": [["austin"] * 3, ["kcna"] * 2, ["south"] * 3, ["russia"] * 2],
    "stance": [["support"] * 3, ["oppose", "neutral"], ["support"] * 3, ["oppose"] * 2],
}


def test_every_pooled_figure_equals_the_naive_computation(team):
    with ProjectService.open(team.path, read_only=True) as project:
        report = measure_agreement(project)
    assert report.coders == ("ann", "bob", "cy")
    assert [d.title for d in report.documents] == ["Austin on troops", "Putin thanks Kim"]
    assert [t for _i, t, _n in report.skipped] == ["Seoul on talks"]
    for layer in ("mentions", "statements"):
        expected = naive_alpha_u(layer, ["A", "B"])
        assert report.pooled.layers[layer].overall.value == pytest.approx(float(expected))
        alone = naive_alpha_u(layer, ["A"])
        assert report.documents[0].agreements.layers[layer].overall.value == pytest.approx(
            float(alone)
        )
    coding = report.pooled.coding
    assert coding.paired == 4
    assert coding.unpaired == {"cy": 1}
    for name, units in UNITS.items():
        assert coding.variables[name].value == pytest.approx(float(naive_alpha(units)))
    # By hand, claim: within units, [S, S, T] has 4 disagreeing ordered pairs / (3 − 1) = 2;
    # among the 10 values (8 T, 2 S), 2·8·2 / 9 = 32/9; α = 1 − 2 / (32/9) = 7/16.
    assert naive_alpha(UNITS["claim"]) == Fraction(7, 16)
    assert naive_alpha(UNITS["stance"]) == Fraction(2, 3)
    assert naive_alpha(UNITS["speaker"]) == 1


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: unguard(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def test_the_tables_go_to_a_csv_folder_and_json_as_shown(team, tmp_path):
    with ProjectService.open(team.path, read_only=True) as project:
        report = measure_agreement(project)
    written = write_tables_csv(report, tmp_path / "agreement")
    assert sorted(p.name for p in written) == sorted(
        ["overall.csv", "categories.csv", "pairs.csv", "documents.csv", "manifest.json"]
    )
    for table in tables(report):
        rows = _read_csv(tmp_path / "agreement" / f"{table.name}.csv")
        assert rows == [{c: _cell(row[c]) for c in table.columns} for row in table.rows]
    overall = {r["figure"]: r for r in _read_csv(tmp_path / "agreement" / "overall.csv")}
    assert float(overall["claim"]["value"]) == pytest.approx(7 / 16)
    assert overall["claim"]["unpaired_statements"] == "cy: 1"
    pairs = _read_csv(tmp_path / "agreement" / "pairs.csv")
    assert [(p["coder_a"], p["coder_b"], p["documents"]) for p in pairs] == [
        ("ann", "bob", "2"),
        ("ann", "cy", "1"),
        ("bob", "cy", "1"),
    ]
    manifest = json.loads((tmp_path / "agreement" / "manifest.json").read_text("utf-8"))
    assert manifest["coders"] == ["ann", "bob", "cy"]
    assert manifest["files"]["documents.csv"]["rows"] == 2
    # Again into the same folder: replaced; a folder of someone else's files: refused.
    write_tables_csv(report, tmp_path / "agreement")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="not empty"):
        write_tables_csv(report, tmp_path / "other")
    write_report_json(report, tmp_path / "agreement.json")
    data = json.loads((tmp_path / "agreement.json").read_text("utf-8"))
    assert data == json.loads(json.dumps(report.as_dict()))


def test_progress_is_reported_and_cancel_stops_the_work(team):
    seen: list[tuple[int, int]] = []
    with ProjectService.open(team.path, read_only=True) as project:
        measure_agreement(project, progress=lambda d, t: seen.append((d, t)))
        assert seen[-1][0] == seen[-1][1] > 0
        with pytest.raises(AnnotatorError, match="cancelled"):
            measure_agreement(project, cancelled=lambda: True)

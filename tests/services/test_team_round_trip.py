"""The team round trip of issue #19.5 through the services: the lead makes three coding
packages of overlapping documents, three coders code them under their own names, the lead
merges them, measures agreement (every figure equal to one computed independently in
round_trip_team.py), adjudicates one document into ``gold`` and exports gold alone."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from annotator.services.agreement import measure_agreement
from annotator.services.agreement.adjudication import (
    accept,
    accept_agreed,
    compare_document,
    mark_resolved,
)
from annotator.services.agreement.measure import GOLD
from annotator.services.dataset_export import export_dataset
from annotator.services.export_selection import build_selection
from annotator.services.merging import merge_projects
from annotator.services.packages import make_package
from annotator.services.project import ProjectService
from tests.services.round_trip_team import (
    PACKAGES,
    TEXTS,
    UNITS,
    TeamLead,
    annotated,
    code_package,
    compared_documents,
    item,
    make_team_lead,
    naive_alpha,
    naive_alpha_u,
    read_csv,
    span_of,
)


def packages_coded(tmp_path: Path, lead: TeamLead) -> list[Path]:
    """One package per coder (PACKAGES' documents), each coded by its coder."""
    paths = []
    with ProjectService.open(lead.path, read_only=True) as project:
        for coder, held in PACKAGES.items():
            path = tmp_path / f"{coder}.annot"
            report = make_package(project, path, [lead.documents[d] for d in held])
            assert (report.documents, report.annotations) == (len(held), 0)
            paths.append(path)
    made = {
        coder: code_package(path, coder, lead) for coder, path in zip(PACKAGES, paths, strict=True)
    }
    assert made == {"ann": 7, "bob": 9, "cy": 7}
    return paths


def test_lead_packages_coders_merge_agreement_adjudication_export(tmp_path):
    lead = make_team_lead(tmp_path / "lead.annot")
    paths = packages_coded(tmp_path, lead)
    with ProjectService.open(lead.path) as project:
        report, _changes, _undo = merge_projects(project, paths)
        assert [(s.coders, s.added, s.conflicts) for s in report.sources] == [
            (["ann"], 7, []),
            (["bob"], 9, []),
            (["cy"], 7, []),
        ]
        assert report.new_coders == ["ann", "bob", "cy"]
        again, _changes, _undo = merge_projects(project, paths)  # idempotent
        assert (again.total("added"), again.total("unchanged")) == (0, 23)

        agreement = measure_agreement(project)
        compared = compared_documents()
        assert (annotated("D3"), compared["D3"]) == (["bob", "cy"], ["ann", "bob", "cy"])
        assert [(d.title, d.coders) for d in agreement.documents] == [
            ("Kim in Moscow", ("ann", "bob")),
            ("Troops claim", ("ann", "bob", "cy")),
            ("Sanctions call", tuple(compared["D3"])),
        ]
        for layer in ("mentions", "statements"):
            expected = naive_alpha_u(layer, compared)
            assert agreement.pooled.layers[layer].overall.value == pytest.approx(float(expected))
        coding = agreement.pooled.coding
        assert (coding.paired, coding.unpaired) == (4, {"cy": 1})
        for name, units in UNITS.items():
            assert coding.variables[name].value == pytest.approx(float(naive_alpha(units)))
        # By hand: claim values 7 × cooperation, 3 × sanctions; within units only
        # [C, C, S] disagrees: 4 ordered pairs / 2 = 2; between: 2·7·3 / 9 = 14/3.
        assert naive_alpha(UNITS["claim"]) == 1 - Fraction(2) / Fraction(14, 3) == Fraction(4, 7)
        pairs = {p.coders: p for p in agreement.pairs}
        assert {k: p.documents for k, p in pairs.items()} == {
            ("ann", "bob"): 2 + ("ann" in compared["D3"]),
            ("ann", "cy"): 1 + ("ann" in compared["D3"]),
            ("bob", "cy"): 2,
        }
        bob_cy = naive_alpha_u("statements", {"D2": ["bob", "cy"], "D3": ["bob", "cy"]})
        assert pairs["bob", "cy"].agreements.layers["statements"].overall.value == (
            pytest.approx(float(bob_cy))
        )

        # Adjudicate D2 into gold: the agreed ones, cy's troops statement, ann's denial,
        # and bob's lone "Pyongyang" marked resolved with nothing coded.
        d2 = lead.documents["D2"]
        comparison = compare_document(project, d2)
        assert [(TEXTS["D2"][i.start : i.end], i.differences, i.missing) for i in
                comparison.disagreements] == [
            ("Seoul said Pyongyang sent troops", ("span",), ()),
            ("Pyongyang", ("actor",), ("cy",)),
            ("Moscow denied it", ("claim", "stance"), ()),
        ]  # fmt: skip
        project.apply(accept_agreed(comparison))
        comparison = compare_document(project, d2)
        project.apply(accept(comparison, item(comparison, "statement", "D2", "sent troops"), "cy"))
        comparison = compare_document(project, d2)
        project.apply(accept(comparison, item(comparison, "statement", "D2", "denied"), "ann"))
        comparison = compare_document(project, d2)
        project.apply(mark_resolved(comparison, item(comparison, "mention", "D2", "Pyongyang")))
        comparison = compare_document(project, d2)
        assert all(i.resolved for i in comparison.items)
        gold = {a.id: a for a in comparison.annotations[GOLD]}
        assert len(gold) == 3
        export_dataset(project, tmp_path / "gold", fmt="csv",
                       selection=build_selection(project, coders=[GOLD]))  # fmt: skip
        sha = project.document(d2).text_sha256
    statements = read_csv(tmp_path / "gold" / "statements.csv")
    mentions = read_csv(tmp_path / "gold" / "mentions.csv")
    shown = ("document_id", "document_sha256", "document_title", "start", "end", "quote",
             "speaker", "claim", "claim_path", "stance", "note", "coder",
             "anchor_status")  # fmt: skip
    troops, denial = span_of("D2", "Pyongyang sent troops"), span_of("D2", "Moscow denied it")
    assert [tuple(row[c] for c in shown) for row in statements] == [
        (d2, sha, "Troops claim", str(troops[0]), str(troops[1]), "Pyongyang sent troops",
         "South Korea", "Military cooperation", "Military cooperation", "support", "", GOLD, "ok"),
        (d2, sha, "Troops claim", str(denial[0]), str(denial[1]), "Moscow denied it",
         "Russia", "Military cooperation", "Military cooperation", "oppose", "", GOLD, "ok"),
    ]  # fmt: skip
    assert all(row["statement_id"] in gold for row in statements)
    assert [(r["quote"], r["actor"], r["coder"], r["start"]) for r in mentions] == [
        ("Seoul", "South Korea", GOLD, "0")
    ]
    assert mentions[0]["mention_id"] in gold

"""``measure_agreement`` (#19.3) on a constructed three-coder project with hand-computed
figures: αu per document, per category and pooled, statement pairing, α of claim, speaker
and stance, pairs of coders, and the edge cases (one coder, nothing coded, self-agreement)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import operations as ops
from annotator.services.agreement import alpha, measure_agreement
from annotator.services.agreement.pairing import CodedStatement, overlap, pair_statements
from annotator.services.agreement.unitizing import Unit, agreement_of, category_tallies
from annotator.services.project import ProjectService
from tests.conftest import make_document


@dataclass
class Team:
    project: ProjectService
    docs: list[str]
    k: str
    p: str
    c1: str
    c2: str


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    """D1 (10 characters) coded by ann, bob and cy; D2 (30) by ann and bob; D3 by ann."""
    project = ProjectService.create(tmp_path / "team.annot")
    documents = [
        make_document("0123456789", origin="d1.txt"),
        make_document("abcdefghijklmnopqrstuvwxyzABCD", origin="d2.txt"),
        make_document("9876543210", origin="d3.txt"),
    ]
    project.apply(ops.AddDocuments(tuple(documents)))
    k, p = ops.CreateActor.new("Kim"), ops.CreateActor.new("Putin")
    c1, c2 = ops.CreateClaim.new("Cooperation"), ops.CreateClaim.new("Sanctions")
    for created in (k, p, c1, c2):
        project.apply(created)
    team = Team(project, [d.id for d in documents], k.actor.id, p.actor.id, c1.claim.id, "")
    team.c2 = c2.claim.id
    ann, bob, cy = (project.ensure_coder(n).id for n in ("ann", "bob", "cy"))
    d1, d2, d3 = team.docs
    for op in (
        ops.AddMention(d1, 2, 6, team.k, ann),
        ops.AddMention(d1, 3, 7, team.k, bob),
        ops.AddStatement(d1, 0, 9, team.c1, ann, team.k, "support"),
        ops.AddStatement(d1, 1, 9, team.c1, bob, team.k, "oppose"),
        ops.AddStatement(d1, 0, 9, team.c2, cy, team.p, "support"),
        ops.AddMention(d2, 0, 5, team.p, ann),
        ops.AddMention(d2, 0, 5, team.p, bob),
        ops.AddStatement(d2, 10, 20, team.c2, ann, team.p, "support"),
        ops.AddStatement(d2, 10, 19, team.c2, bob, team.p, "support"),
        ops.AddStatement(d2, 22, 28, team.c1, bob),
        ops.AddMention(d3, 0, 3, team.k, ann),
    ):
        project.apply(op)
    yield team
    project.close()


def test_two_coders_on_the_hand_computed_case_of_the_docs(team):
    report = measure_agreement(team.project, coders=["ann", "BOB"], documents=[team.docs[0]])
    assert report.coders == ("ann", "bob")
    (document,) = report.documents
    mentions = document.agreements.layers["mentions"]
    assert mentions.overall.value == pytest.approx(151 / 240)
    (kim,) = mentions.categories
    assert kim.label == "Kim"
    assert kim.agreement.value == pytest.approx(151 / 240)
    assert mentions.units == 2
    assert mentions.any_category.value == pytest.approx(151 / 240)  # one category only


def test_pooled_alpha_u_is_that_of_the_documents_joined_into_one_text(team):
    report = measure_agreement(team.project, coders=["ann", "bob"])
    assert [d.id for d in report.documents] == team.docs[:2]
    assert report.skipped == ((team.docs[2], "Sample", 1),)
    joined = {
        "ann": [Unit(2, 6, team.k), Unit(10, 15, team.p)],
        "bob": [Unit(3, 7, team.k), Unit(10, 15, team.p)],
    }
    tallies = category_tallies(joined, 40, [team.k, team.p])
    mentions = report.pooled.layers["mentions"]
    assert mentions.overall.value == pytest.approx(agreement_of(list(tallies.values())).value)
    by_label = {c.label: c.agreement.value for c in mentions.categories}
    assert by_label["Kim"] == pytest.approx(tallies[team.k].agreement().value)
    assert by_label["Putin"] == pytest.approx(tallies[team.p].agreement().value)
    anywhere = category_tallies(
        {c: [Unit(u.start, u.end, "*") for u in units] for c, units in joined.items()}, 40, ["*"]
    )["*"]
    assert mentions.any_category.value == pytest.approx(anywhere.agreement().value)
    kim, putin = by_label["Kim"], by_label["Putin"]
    assert kim is not None
    assert 0 < kim < 1
    assert putin == 1


def test_statements_are_paired_and_unpaired_ones_counted(team):
    two = measure_agreement(team.project, coders=["ann", "bob"]).pooled.coding
    assert two.paired == 2
    assert two.unpaired == {"bob": 1}
    assert two.variables["claim"].value == 1.0
    assert two.variables["speaker"].value == 1.0
    assert two.variables["stance"].value == pytest.approx(0.0)  # support/oppose, support x2
    assert two.variables["stance"].percent == pytest.approx(1 / 2)

    three = measure_agreement(team.project).pooled.coding
    assert three.paired == 2  # ann, bob and cy in D1; ann and bob in D2
    # claim: (C1, C1, C2) and (C2, C2): n = 5, α = 1 - 4 * 2 / (2 * 2 * 3) = 1/3
    assert three.variables["claim"].value == pytest.approx(1 / 3)
    assert three.variables["claim"].percent == pytest.approx((1 + 1) / (3 + 1))


def test_three_coders_have_a_figure_for_each_pair(team):
    report = measure_agreement(team.project)
    assert [p.coders for p in report.pairs] == [("ann", "bob"), ("ann", "cy"), ("bob", "cy")]
    ann_bob = measure_agreement(team.project, coders=["ann", "bob"]).pooled
    bob_ann = measure_agreement(team.project, coders=["bob", "ann"]).pooled
    for layer in ("mentions", "statements"):
        value = ann_bob.layers[layer].overall.value
        assert bob_ann.layers[layer].overall.value == pytest.approx(value, abs=1e-12)
    assert bob_ann.coding == ann_bob.coding
    pair = report.pairs[0]
    assert pair.documents == 2
    assert pair.agreements.layers["mentions"].overall == ann_bob.layers["mentions"].overall
    assert pair.agreements.coding.variables == ann_bob.coding.variables
    document = report.documents[0]
    assert document.coders == ("ann", "bob", "cy")
    data = report.as_dict()
    assert data["pooled"]["statement_coding"]["paired_units"] == 2
    assert data["pairs"][1]["coders"] == ["ann", "cy"]


def test_a_coder_agrees_with_themself(team):
    project = team.project
    twin = project.ensure_coder("twin").id
    for record in project.annotations():
        if record.coder_id == project.ensure_coder("ann").id:
            if record.kind == "mention":
                op: ops.Operation = ops.AddMention(
                    record.document_id, record.start, record.end, str(record.actor_id), twin
                )
            else:
                op = ops.AddStatement(
                    record.document_id,
                    record.start,
                    record.end,
                    str(record.claim_id),
                    twin,
                    record.actor_id,
                    record.stance,
                )
            project.apply(op)
    pooled = measure_agreement(project, coders=["ann", "twin"]).pooled
    assert pooled.layers["mentions"].overall.value == 1.0
    assert pooled.layers["statements"].overall.value == 1.0
    assert pooled.coding.variables["claim"].value == 1.0
    stance = pooled.coding.variables["stance"]  # "support" both times: no variation
    assert stance.value is None
    assert "variation" in stance.reason
    assert stance.percent == 1.0
    assert pooled.coding.unpaired == {}


def test_one_coder_or_nothing_coded_is_undefined_not_an_error(team, tmp_path):
    alone = measure_agreement(team.project, coders=["ann"])
    assert alone.documents == ()
    assert alone.pooled.layers["mentions"].overall.value is None
    assert alone.pooled.coding.variables["claim"].value is None
    assert any("two or more coders" in n for n in alone.notes)
    with ProjectService.create(tmp_path / "empty.annot") as empty:
        report = measure_agreement(empty)
        assert report.coders == ()
        assert report.pooled.layers["statements"].overall.value is None
        assert report.as_dict()["pooled"]["mentions"]["alpha_u"]["undefined"]


def test_unknown_coders_and_documents_are_named(team):
    with pytest.raises(AnnotatorError, match="nobody"):
        measure_agreement(team.project, coders=["ann", "nobody"])
    with pytest.raises(AnnotatorError, match="no document with id x"):
        measure_agreement(team.project, documents=["x"])
    with pytest.raises(AnnotatorError, match="overlap"):
        measure_agreement(team.project, min_overlap=0)


def statement(coder: str, start: int, end: int, claim: str = "c") -> CodedStatement:
    return CodedStatement(f"{coder}{start}", coder, start, end, claim, None, None)


def test_pairing_takes_the_best_overlap_first_and_every_member_must_overlap_enough():
    a, b, c = statement("a", 0, 10), statement("b", 2, 12), statement("c", 4, 14)
    assert overlap(a, b) == pytest.approx(8 / 12)
    assert overlap(a, c) == pytest.approx(6 / 14)  # below 0.5: c cannot join a's unit
    pairing = pair_statements([c, b, a])
    assert pairing.units == ((a, b),)
    assert pairing.unpaired == (c,)
    assert pair_statements([a, b, c], min_overlap=0.4).units == ((a, b, c),)
    nested = statement("b", 0, 3)  # a short statement inside a's: overlap 0.3
    assert pair_statements([a, nested]).units == ()
    assert pair_statements([a, nested], min_overlap=0.3).units == ((nested, a),)


def test_pairing_never_puts_two_statements_of_one_coder_in_a_unit():
    a1, a2, b = statement("a", 0, 10), statement("a", 1, 10), statement("b", 0, 10)
    pairing = pair_statements([a2, b, a1])
    assert pairing.units == ((a1, b),)
    assert pairing.unpaired == (a2,)
    with pytest.raises(ValueError, match="overlap"):
        pair_statements([a1], min_overlap=1.5)


def test_stance_can_also_be_measured_as_ordered(team):
    report = measure_agreement(team.project, stance_order=["support", "neutral", "oppose"])
    variables = report.pooled.coding.variables
    assert list(variables) == ["claim", "speaker", "stance", "stance_ordinal"]
    # D1: support, oppose, support; D2: support, support (ranks 1 and 3)
    expected = alpha([[1, 3, 1], [1, 1]], "ordinal")
    assert variables["stance_ordinal"] == expected
    interval = measure_agreement(
        team.project, stance_order=["support", "oppose"], stance_metric="interval"
    )
    assert interval.pooled.coding.variables["stance_interval"] == alpha(
        [[1, 2, 1], [1, 1]], "interval"
    )
    with pytest.raises(AnnotatorError, match="no stance 'hostile'"):
        measure_agreement(team.project, stance_order=["support", "hostile"])
    with pytest.raises(AnnotatorError, match="two or more"):
        measure_agreement(team.project, stance_order=["support", "support"])
    with pytest.raises(AnnotatorError, match="metric"):
        measure_agreement(team.project, stance_order=["support", "oppose"], stance_metric="x")

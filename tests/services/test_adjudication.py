"""Adjudication (#19.4) by the services: the disagreements of a document, accepting a
coder's version (one undo step, the gold coder made by the first), accepting all of a coder,
the agreed ones, a resolved mark kept in the document's metadata, and gold exported alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services.agreement.adjudication import (
    Coding,
    Comparison,
    Item,
    accept,
    accept_agreed,
    accept_all,
    compare_document,
    mark_resolved,
    set_gold,
)
from annotator.services.agreement.measure import GOLD
from annotator.services.dataset_export import export_dataset
from annotator.services.export_selection import build_selection
from annotator.services.project import ProjectService
from tests.services.agreement_team import S1, S1_WIDE, S3, AgreementTeam, build_team, span_of


@pytest.fixture
def team(tmp_path: Path) -> AgreementTeam:
    return build_team(tmp_path / "team.annot")


def _at(comparison: Comparison, kind: str, start: int) -> Item:
    return next(i for i in comparison.items if i.kind == kind and i.start == start)


def test_the_items_of_a_document_say_what_differs(team):
    with ProjectService.open(team.path) as project:
        c = compare_document(project, team.documents["A"])
    assert c.coders == ("ann", "bob", "cy")
    found = [
        (i.kind, c.text[i.start : i.end], tuple(sorted(i.versions)), i.missing, i.differences)
        for i in c.items
    ]
    assert found == [
        ("mention", "Lloyd Austin", ("ann", "bob", "cy"), (), ("span",)),
        ("statement", S1_WIDE, ("ann", "bob", "cy"), (), ("span",)),
        ("mention", "North Korea", ("ann", "bob", "cy"), (), ()),
        ("statement", "10,000 soldiers", ("cy",), ("ann", "bob"), ()),
        ("mention", "KCNA", ("ann", "bob", "cy"), (), ("actor",)),
        ("statement", "KCNA called the claim a smear", ("ann", "bob"), ("cy",), ("stance",)),
        ("mention", "Seoul", ("ann", "cy"), ("bob",), ()),
        ("statement", S3, ("ann", "bob", "cy"), (), ("span", "claim")),
        ("mention", "Pyongyang", ("bob",), ("ann", "cy"), ()),
    ]
    assert len(c.disagreements) == 8
    assert not any(i.resolved for i in c.items)
    # cy did not code document B: only ann and bob are compared there, as agreement does.
    with ProjectService.open(team.path) as project:
        b = compare_document(project, team.documents["B"], coders=["ann", "bob", "cy"])
    assert b.coders == ("ann", "bob")
    assert [(b.text[i.start : i.end], i.missing) for i in b.disagreements] == [
        ("Kremlin", ("ann",))
    ]


def test_accepting_a_version_makes_gold_in_one_undo_step(team):
    with ProjectService.open(team.path) as project:
        document = team.documents["A"]
        c = compare_document(project, document)
        s1 = _at(c, "statement", 0)
        undo, _changes = project.apply(accept(c, s1, "bob"))
        gold = next(x for x in project.coders() if x.name == GOLD)
        (copy,) = [a for a in project.annotations(document) if a.coder_id == gold.id]
        assert (copy.start, copy.end) == span_of("A", S1_WIDE)
        bob = s1.versions["bob"]
        assert (copy.claim_id, copy.actor_id, copy.stance) == (
            bob.claim_id,
            bob.actor_id,
            bob.stance,
        )
        c = compare_document(project, document)
        s1 = _at(c, "statement", 0)
        assert s1.resolved
        assert [g.id for g in s1.gold] == [copy.id]
        assert c.annotations[GOLD] == (copy,)
        # Accepting another version replaces the gold one (still one step).
        project.apply(accept(c, s1, "ann"))
        c = compare_document(project, document)
        (again,) = _at(c, "statement", span_of("A", S1)[0] - 18).gold
        assert (again.start, again.end) == span_of("A", S1)
        # The undo of the first accept still takes its gold annotation away.
        assert undo is not None
        with pytest.raises(AnnotatorError, match="no annotation here"):
            accept(c, _at(c, "statement", span_of("A", "10,000 soldiers")[0]), "ann")


def test_undo_of_the_first_accept_takes_the_gold_coder_away(team):
    with ProjectService.open(team.path) as project:
        c = compare_document(project, team.documents["A"])
        undo, _ = project.apply(accept(c, _at(c, "mention", 0), "ann"))
        assert GOLD in {x.name for x in project.coders()}
        redo, _ = project.apply(undo)
        assert GOLD not in {x.name for x in project.coders()}
        project.apply(redo)
        assert GOLD in {x.name for x in project.coders()}


def test_accept_all_of_a_coder_and_the_agreed_ones_are_one_step_each(team):
    with ProjectService.open(team.path) as project:
        document = team.documents["A"]
        c = compare_document(project, document)
        undo, _ = project.apply(accept_agreed(c))
        c = compare_document(project, document)
        assert [c.text[i.start : i.end] for i in c.items if i.gold] == ["North Korea"]
        with pytest.raises(AnnotatorError, match="in gold already"):
            accept_agreed(c)
        project.apply(undo)
        c = compare_document(project, document)
        project.apply(accept_all(c, "bob"))
        c = compare_document(project, document)
        bob_items = [i for i in c.items if "bob" in i.versions]
        assert all(i.gold for i in bob_items)
        gold_spans = sorted((a.start, a.end) for a in c.annotations[GOLD])
        assert gold_spans == sorted(
            (i.versions["bob"].start, i.versions["bob"].end) for i in bob_items
        )
        assert not _at(c, "mention", span_of("A", "Seoul")[0]).resolved  # bob left it out


def test_a_resolved_mark_is_kept_in_the_document_and_undone(team):
    with ProjectService.open(team.path) as project:
        document = team.documents["A"]
        c = compare_document(project, document)
        soldiers = _at(c, "statement", span_of("A", "10,000 soldiers")[0])
        undo, changes = project.apply(mark_resolved(c, soldiers))
        assert document in changes.documents
    with ProjectService.open(team.path) as project:  # kept in the file
        c = compare_document(project, document)
        soldiers = _at(c, "statement", soldiers.start)
        assert soldiers.resolved
        assert soldiers.marked_resolved
        assert not soldiers.gold
        assert project.document(document).extra["adjudication"] == {"resolved": [soldiers.key]}
        project.apply(undo)
        c = compare_document(project, document)
        assert not _at(c, "statement", soldiers.start).resolved
        assert "adjudication" not in project.document(document).extra


def test_an_edited_version_and_gold_exported_alone(team, tmp_path):
    with ProjectService.open(team.path) as project:
        document = team.documents["A"]
        c = compare_document(project, document)
        s3 = _at(c, "statement", span_of("A", S3)[0])
        edited = Coding.of(s3.versions["cy"])
        edited = Coding(
            "statement",
            edited.start,
            edited.end,
            edited.actor_id,
            s3.versions["ann"].claim_id,
            "oppose",
            "edited in adjudication",
        )
        project.apply(set_gold(c, s3, edited, "edit"))
        selection = build_selection(project, coders=[GOLD])
        export_dataset(project, tmp_path / "gold", fmt="jsonl", selection=selection)
    rows = [
        json.loads(line)
        for line in (tmp_path / "gold" / "statements.jsonl").read_text("utf-8").splitlines()
    ]
    assert [(r["coder"], r["quote"], r["stance"], r["claim"]) for r in rows] == [
        (GOLD, S3, "oppose", "Sanctions on North Korea"),
    ]
    assert not (tmp_path / "gold" / "mentions.jsonl").read_text("utf-8").strip()


def test_gold_is_left_out_of_agreement_unless_named(team):
    from annotator.services.agreement import measure_agreement

    with ProjectService.open(team.path) as project:
        c = compare_document(project, team.documents["A"])
        project.apply(accept_all(c, "ann"))
        report = measure_agreement(project)
        assert report.coders == ("ann", "bob", "cy")
        assert any("gold" in note for note in report.notes)
        assert measure_agreement(project, coders=["ann", GOLD]).coders == ("ann", GOLD)
        c = compare_document(project, team.documents["A"])
        assert c.coders == ("ann", "bob", "cy")  # gold is what is made, not compared

"""Agreement compares every coder who was given a document in a coding package (recorded by
the merge, schema 0006), whether they annotated it or rightly found nothing in it: an empty
coding is an agreement about absence, and leaving it out would change αu. Coders with no
package record count where they annotated, as before."""

from __future__ import annotations

import sqlite3
from fractions import Fraction
from pathlib import Path

import pytest

from annotator.services import operations as ops
from annotator.services.agreement import measure_agreement
from annotator.services.agreement.adjudication import compare_document
from annotator.services.agreement.measure import assignments
from annotator.services.merging import merge_projects
from annotator.services.packages import make_package
from annotator.services.project import ProjectService
from tests.conftest import make_document

D1, D2 = "Kim spoke.", "Kim again."


def _lead(path: Path) -> tuple[list[str], str]:
    with ProjectService.create(path, name="Lead") as project:
        documents = [make_document(t, title=t) for t in (D1, D2)]
        project.apply(ops.AddDocuments(tuple(documents)))
        kim = ops.CreateActor.new("Kim Jong Un")
        project.apply(kim)
    return [d.id for d in documents], kim.actor.id


def _code(path: Path, coder: str, document_ids: list[str], actor: str) -> None:
    """``coder`` marks "Kim" (the first 3 characters) in each of ``document_ids``."""
    with ProjectService.open(path) as package:
        coder_id = package.ensure_coder(coder).id
        for document_id in document_ids:
            package.apply(ops.AddMention(document_id, 0, 3, actor, coder_id))


@pytest.fixture
def merged(tmp_path: Path) -> tuple[Path, list[str], list[Path]]:
    """ann and bob were each given D1 and D2; ann marks Kim in D1 only (nothing in D2),
    bob in both; dee was given D1 and coded nothing at all."""
    lead = tmp_path / "lead.annot"
    documents, kim = _lead(lead)
    paths = [tmp_path / f"{name}.annot" for name in ("ann", "bob", "dee")]
    with ProjectService.open(lead, read_only=True) as project:
        for path in paths:
            make_package(project, path, documents if path.stem != "dee" else documents[:1])
    _code(paths[0], "ann", documents[:1], kim)
    _code(paths[1], "bob", documents, kim)
    with ProjectService.open(paths[2]) as package:
        package.ensure_coder("dee")  # opened, nothing coded
    with ProjectService.open(lead) as project:
        merge_projects(project, paths)
    return lead, documents, paths


# By hand (docs/agreement.md's formulas), one category, m = 2 coders, L = 10 + 10:
# observed: D1 agrees; D2 positions 0-2 are Kim for bob and gap for ann: ℓ_X∅ = ℓ_∅X = 3.
# ℓ_X. = 3·2 + 3 = 9, ℓ_∅. = 40 − 9 = 31; units 3, 3 (D1) and 3 (D2): s_X = 27; s_∅ = 31.
# e_X∅ = 9·31 / (40 − 58/40); αu = 1 − 6 / (2 e_X∅) = 1 − 6·(771/20) / 558 = 363/620.
GIVEN_ALPHA_U = 1 - Fraction(6) * Fraction(771, 20) / 558


def test_a_coder_given_a_document_who_found_nothing_in_it_is_compared(merged):
    lead, documents, _paths = merged
    assert Fraction(363, 620) == GIVEN_ALPHA_U
    with ProjectService.open(lead) as project:
        assert assignments(project) == {"ann": frozenset(documents), "bob": frozenset(documents)}
        report = measure_agreement(project, coders=["ann", "bob"])
        assert [d.coders for d in report.documents] == [("ann", "bob"), ("ann", "bob")]
        assert report.skipped == ()
        mentions = report.pooled.layers["mentions"]
        assert mentions.overall.value == pytest.approx(float(GIVEN_ALPHA_U))
        assert mentions.any_category.value == pytest.approx(float(GIVEN_ALPHA_U))
        # Had ann's empty D2 been left out (as before 0006), only D1 would count: αu = 1.
        alone = measure_agreement(project, coders=["ann", "bob"], documents=documents[:1])
        assert alone.pooled.layers["mentions"].overall.value == 1
        # Compare mode sees ann too: she left Kim out of D2.
        comparison = compare_document(project, documents[1])
        assert comparison.coders == ("ann", "bob")
        assert [i.missing for i in comparison.items] == [("ann",)]


def test_dee_who_coded_nothing_at_all_is_not_taken_as_given_anything(merged):
    lead, _documents, _paths = merged
    with ProjectService.open(lead) as project:
        assert "dee" not in assignments(project)  # an untouched package is not "nothing"
        report = measure_agreement(project)
        assert report.coders == ("ann", "bob", "dee")  # the merge brought dee's coder
        assert [d.coders for d in report.documents] == [("ann", "bob"), ("ann", "bob")]
        assert report.notes[:2] == (
            "a coder counts as having coded a document when it was in a coding package of "
            "theirs merged here, or when they made an annotation in it",
            "no merged coding package records what dee was given: counted where they annotated",
        )


def test_a_coder_with_no_package_record_counts_where_they_annotated(merged):
    lead, documents, _paths = merged
    with ProjectService.open(lead) as project:
        cy = project.ensure_coder("cy").id
        kim = project.actors()[0].id
        project.apply(ops.AddMention(documents[0], 0, 3, kim, cy))
        report = measure_agreement(project)
        assert [d.coders for d in report.documents] == [("ann", "bob", "cy"), ("ann", "bob")]
        assert (
            "no merged coding package records what cy, dee were given: counted where they "
            "annotated" in report.notes
        )


def test_the_record_is_undone_with_its_merge_and_made_by_a_later_merge_when_missing(merged):
    lead, documents, paths = merged
    with ProjectService.open(lead) as project:
        report, _changes, undo = merge_projects(project, paths)
        assert report.total("added") == 0
        project.apply(undo)  # undoing a merge that changed nothing changes nothing
        assert set(assignments(project)) == {"ann", "bob"}
    # A merge made before the record existed: its rows say nothing of who was given what.
    raw = sqlite3.connect(lead)
    raw.execute("UPDATE merge_source SET coder_ids = NULL, document_ids = NULL")
    raw.commit()
    raw.close()
    with ProjectService.open(lead) as project:
        assert assignments(project) == {}
        report, _changes, undo = merge_projects(project, paths)
        assert (report.total("added"), report.total("unchanged")) == (0, 3)
        assert assignments(project) == {"ann": frozenset(documents), "bob": frozenset(documents)}
        merge_projects(project, paths)  # and again: recorded already, nothing written
        rows = len(project.annotations())
        project.apply(undo)
        assert assignments(project) == {}
        assert len(project.annotations()) == rows == 3

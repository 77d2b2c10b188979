"""Merging coders' projects (#19.2): provenance, exact counts, idempotence, conflicts, codes
found by name, refusal of foreign packages, and one undo step that restores the project."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.core.records import ActorRecord, ClaimRecord
from annotator.services import operations as ops
from annotator.services.merging import (
    MergeCancelledError,
    MergeRefusedError,
    merge_projects,
    read_merge,
)
from annotator.services.project import ProjectService
from tests.services.team_projects import Lead, make_lead, package_for, span
from tests.services.test_operations import snapshot


@pytest.fixture
def lead(tmp_path):
    made = make_lead(tmp_path / "lead.annot")
    yield made
    made.project.close()


def _mention(project: ProjectService, coder: str, document: str, phrase: str, actor: str) -> str:
    start, end = span(project, document, phrase)
    op = ops.AddMention(document, start, end, actor, coder)
    project.apply(op)
    return op.id


def _statement(
    project: ProjectService,
    coder: str,
    document: str,
    phrase: str,
    claim: str,
    speaker: str,
    stance: str,
) -> str:
    start, end = span(project, document, phrase)
    op = ops.AddStatement(document, start, end, claim, coder, speaker_id=speaker, stance=stance)
    project.apply(op)
    return op.id


def three_coders(lead: Lead, folder: Path) -> dict[str, list[str]]:
    """Three packages of the whole project, coded by ann (2), bob (3, a new actor and a new
    claim) and cat (3, a new actor); the ids each coded."""
    d = lead.documents
    coded: dict[str, list[str]] = {}
    for name in ("ann", "bob", "cat"):
        path = package_for(lead, folder / f"{name}.annot")
        with ProjectService.open(path) as package:
            me = package.ensure_coder(name).id
            if name == "ann":
                coded[name] = [
                    _mention(package, me, d[0], "Kim Jong Un", lead.kim),
                    _statement(
                        package, me, d[1], "The United States opposes arms transfers",
                        lead.child, lead.usa, "contra",
                    ),
                ]  # fmt: skip
            elif name == "bob":
                nis = ops.CreateActor(ActorRecord("a-nis", "NIS", "organization"))
                kursk = ops.CreateClaim(
                    ClaimRecord("c-kursk", "Troops in Kursk", parent_id="c-coop")
                )
                package.apply(nis)
                package.apply(kursk)
                coded[name] = [
                    _mention(package, me, d[0], "Vladimir Putin", lead.putin),
                    _mention(package, me, d[2], "NIS", "a-nis"),
                    _statement(
                        package, me, d[2], "North Korean troops fight in Kursk",
                        "c-kursk", "a-nis", "pro",
                    ),
                ]  # fmt: skip
            else:
                china = ops.CreateActor(ActorRecord("a-china", "China", "state"))
                package.apply(china)
                coded[name] = [
                    _mention(package, me, d[0], "Kim Jong Un", lead.kim),
                    _mention(package, me, d[4], "Kim Jong Un", lead.kim),
                    _statement(
                        package, me, d[3], "China called for restraint",
                        lead.claim, "a-china", "neutral",
                    ),
                ]  # fmt: skip
    return coded


def _paths(folder: Path) -> list[Path]:
    return [folder / f"{name}.annot" for name in ("ann", "bob", "cat")]


def _provenance(project: ProjectService) -> dict[str, tuple[str, str]]:
    """annotation id -> (coder name, merged file) of every merged annotation, read by SQL."""
    with project.database.read() as session:
        rows = session.connection().execute(
            text(
                "SELECT a.id, c.name, s.path FROM annotation a JOIN coder c ON c.id = a.coder_id "
                "JOIN merge_source s ON s.id = a.merge_source_id"
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}


def test_three_coders_merge_with_provenance_and_their_new_codes(lead, tmp_path):
    coded = three_coders(lead, tmp_path)
    report, _changes, _undo = merge_projects(lead.project, _paths(tmp_path))
    assert report.as_dict() | {"sources": None} == {
        "added": 8,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 0,
        "conflicts": [],
        "new_actors": [
            f"NIS (from {tmp_path / 'bob.annot'})",
            f"China (from {tmp_path / 'cat.annot'})",
        ],
        "new_claims": [f"Troops in Kursk (from {tmp_path / 'bob.annot'})"],
        "new_coders": ["ann", "bob", "cat"],
        "new_stances": [],
        "by_name": [],
        "named_differently": [],
        "sources": None,
    }
    assert [(s.coders, s.added) for s in report.sources] == [
        (["ann"], 2),
        (["bob"], 3),
        (["cat"], 3),
    ]
    assert not report.partial
    stats = lead.project.stats()
    assert (stats["statements"], stats["mentions"]) == (1 + 1 + 1 + 1, 1 + 2 + 2)
    assert (stats["actors"], stats["claims"], stats["coders"]) == (5, 3, 4)
    expected = {
        annotation_id: (name, str(tmp_path / f"{name}.annot"))
        for name, ids in coded.items()
        for annotation_id in ids
    }
    assert _provenance(lead.project) == expected
    assert lead.project.annotation(lead.lead_statement).merge_source_id is None
    kursk = next(c for c in lead.project.claims() if c.id == "c-kursk")
    assert kursk.parent_id == "c-coop"
    # the coded spans are the same text in the lead's project
    for annotation in lead.project.annotations():
        document = lead.project.document(annotation.document_id).text
        assert document[annotation.start : annotation.end] == annotation.exact


def test_merging_twice_changes_nothing(lead, tmp_path):
    three_coders(lead, tmp_path)
    merge_projects(lead.project, _paths(tmp_path))
    once = snapshot(lead.project)
    report, _changes, _undo = merge_projects(lead.project, _paths(tmp_path))
    assert snapshot(lead.project) == once
    assert (report.total("added"), report.total("unchanged"), report.conflicts) == (0, 8, [])
    assert report.new_actors == report.new_claims == report.new_coders == []


def test_a_merge_is_one_undo_step_that_restores_the_project_exactly(lead, tmp_path):
    three_coders(lead, tmp_path)
    before = snapshot(lead.project)
    _report, _changes, undo = merge_projects(lead.project, _paths(tmp_path))
    after = snapshot(lead.project)
    assert len(after["merge_source"]) == 3
    redo, _ = lead.project.apply(undo)
    assert snapshot(lead.project) == before
    lead.project.apply(redo)
    assert snapshot(lead.project) == after


def test_the_same_annotation_edited_on_both_sides_is_a_conflict_and_the_project_s_stays(
    lead, tmp_path
):
    coded = three_coders(lead, tmp_path)
    ann = tmp_path / "ann.annot"
    merge_projects(lead.project, [ann])
    mention, statement = coded["ann"]
    lead.project.apply(ops.EditAnnotation(statement, note="checked by the lead"))
    with ProjectService.open(ann) as package:
        package.apply(ops.EditAnnotation(statement, stance="pro"))
        _start, end = span(package, lead.documents[0], "Kim Jong Un met")
        package.apply(ops.EditAnnotation(mention, end=end))  # the lead left this one alone
    report, _changes, _undo = merge_projects(lead.project, [ann])
    assert (report.total("updated"), report.total("unchanged")) == (1, 0)
    (conflict,) = report.conflicts
    assert conflict.startswith(f"annotation {statement} in 'Article 2' ({ann}): ")
    assert (
        "stance 'contra' here, 'pro' there; note 'checked by the lead' here, '' there" in conflict
    )
    assert report.partial
    kept = lead.project.annotation(statement)
    assert (kept.stance, kept.note) == ("contra", "checked by the lead")
    assert lead.project.annotation(mention).exact == "Kim Jong Un met"


def test_codes_found_by_name_are_reported(lead, tmp_path):
    path = package_for(lead, tmp_path / "dan.annot")
    lead.project.apply(ops.CreateActor(ActorRecord("a-shoigu-lead", "Sergei Shoigu")))
    with ProjectService.open(path) as package:
        me = package.ensure_coder("dan").id
        package.apply(ops.CreateActor(ActorRecord("a-shoigu-dan", "sergei  shoigu")))
        mention = _mention(package, me, lead.documents[4], "Sergei Shoigu", "a-shoigu-dan")
        package.apply(ops.EditClaim(lead.child, label_text="Weapons deliveries"))
    report, _changes, _undo = merge_projects(lead.project, [path])
    assert report.named_differently == [
        f"claim 'Arms supplies' is named 'Weapons deliveries' in {path} (the name here is kept)"
    ]
    assert [c.label for c in lead.project.claims()] == ["Military cooperation", "Arms supplies"]
    assert report.by_name == [
        f"actor 'sergei shoigu' of {path} (id a-shoigu-dan) is 'Sergei Shoigu' here "
        "(id a-shoigu-lead)"
    ]
    assert report.new_actors == []
    assert lead.project.annotation(mention).actor_id == "a-shoigu-lead"


def test_packages_of_another_project_are_refused_unless_forced(lead, tmp_path):
    other = make_lead(tmp_path / "other" / "other.annot")
    foreign = package_for(other, tmp_path / "foreign.annot")
    other.project.close()
    with ProjectService.open(foreign) as package:
        me = package.ensure_coder("eve").id
        document = package.document_summaries()[0].id
        _mention(package, me, document, "Kim Jong Un", "a-kim")
    before = snapshot(lead.project)
    with pytest.raises(MergeRefusedError, match=r"foreign\.annot is a package of another project"):
        merge_projects(lead.project, [foreign])
    with pytest.raises(MergeRefusedError, match="is this project itself"):
        merge_projects(lead.project, [lead.project.path])
    assert snapshot(lead.project) == before
    report, _changes, _undo = merge_projects(lead.project, [foreign], force=True)
    assert report.total("added") == 1  # its document found by its text
    (added,) = [a for a in lead.project.annotations() if a.coder_id != _lead_coder(lead)]
    assert added.document_id == lead.documents[0]
    lead.project.apply(ops.EditAnnotation(added.id, note="seen"))
    with ProjectService.open(foreign) as package:
        package.apply(ops.EditAnnotation(added.id, note="eve's"))
    report, _changes, _undo = merge_projects(lead.project, [foreign], force=True)
    (conflict,) = report.conflicts  # named by its document's title, found by its text
    assert conflict.startswith(f"annotation {added.id} in 'Article 1' ({foreign}): note ")


def test_a_project_that_is_no_package_brings_its_older_annotations_when_forced(lead, tmp_path):
    path = package_for(lead, tmp_path / "p.annot", with_annotations=True)
    lead.project.apply(ops.DeleteAnnotation(lead.lead_statement))
    with ProjectService.open(path) as package, package.database.write() as session:
        session.connection().exec_driver_sql("UPDATE project SET lead_project_id = NULL")
    report, _changes, _undo = merge_projects(lead.project, [path], force=True)
    assert (report.total("added"), report.total("skipped")) == (1, 0)


def test_a_cancelled_merge_changes_nothing(lead, tmp_path):
    three_coders(lead, tmp_path)
    before = snapshot(lead.project)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first file

    with pytest.raises(MergeCancelledError, match="cancelled; nothing was changed"):
        read_merge(lead.project, _paths(tmp_path), cancelled=cancelled)
    assert snapshot(lead.project) == before


def test_a_package_its_coder_has_open_is_merged_from_what_they_saved(lead, tmp_path):
    path = package_for(lead, tmp_path / "p.annot")
    with ProjectService.open(path) as package:  # the coder is still at work
        me = package.ensure_coder("gus").id
        _mention(package, me, lead.documents[1], "John Kirby", lead.usa)
        report, _changes, _undo = merge_projects(lead.project, [path])
        assert report.total("added") == 1
        assert package.read_only_reason is None  # the coder's copy is untouched


def test_annotations_the_lead_deleted_since_packaging_stay_out(lead, tmp_path):
    path = package_for(lead, tmp_path / "p.annot", with_annotations=True)
    lead.project.apply(ops.DeleteAnnotation(lead.lead_statement))
    report, _changes, _undo = merge_projects(lead.project, [path])
    assert (report.total("added"), report.total("skipped")) == (0, 1)
    assert lead.project.annotations() == []
    assert report.sources[0].coders == []  # the lead's annotation was not coded there


def _lead_coder(lead: Lead) -> str:
    return next(c.id for c in lead.project.coders() if c.name == "lead")


def test_an_annotation_whose_document_is_gone_is_left_out_and_named(lead, tmp_path):
    path = package_for(lead, tmp_path / "p.annot")
    with ProjectService.open(path) as package:
        me = package.ensure_coder("fay").id
        mention = _mention(package, me, lead.documents[2], "NIS", lead.usa)
    lead.project.apply(ops.DeleteDocuments((lead.documents[2],)))
    report, _changes, _undo = merge_projects(lead.project, [path])
    assert report.total("rejected") == 1
    assert report.sources[0].messages == [
        f"annotation {mention} in 'Article 3' ({path}): its document is not in this project"
    ]
    assert dataclasses.asdict(report.sources[0])["added"] == 0

"""Every operation undoes exactly: apply, then its inverse, gives the database back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from annotator.core.errors import OperationRefusedError
from annotator.core.records import CoderRecord
from annotator.services import operations as ops
from annotator.services.execute import registered_operations
from annotator.services.project import ProjectService
from tests.conftest import Coded, make_document
from tests.services.merge_cases import MERGE_CASES

TABLES = (
    "project",
    "document",
    "actor",
    "actor_alias",
    "claim",
    "coder",
    "annotation",
    "merge_source",
)


def snapshot(project: ProjectService) -> dict[str, list[str]]:
    """Every row of every table but the change journal, as sorted JSON strings."""
    with project.database.read() as session:
        connection = session.connection()
        return {
            table: sorted(
                json.dumps(list(row), default=str)
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            )
            for table in TABLES
        }


def _statement(c: Coded, **kw) -> ops.AddStatement:
    start = c.document.text.index("We support")
    values: dict[str, Any] = {
        "document_id": c.document.id,
        "start": start,
        "end": start + 22,
        "claim_id": c.claim,
        "coder_id": c.coder,
        "speaker_id": c.putin,
        "stance": "support",
        "note": "first",
    }
    values.update(kw)
    return ops.AddStatement(**values)


def _mention(c: Coded) -> ops.AddMention:
    start = c.document.text.index("Kim Jong Un")
    return ops.AddMention(c.document.id, start, start + 11, c.kim, c.coder)


def _first_alias_of(c: Coded, actor_id: str) -> str:
    (actor,) = [a for a in c.project.actors() if a.id == actor_id]
    return actor.aliases[0].id


def _dataset(c: Coded) -> ops.LoadDataset:
    """A dataset that adds a document, an actor with aliases, a claim under a new parent,
    a coder and a stance value, updates statement s1, adds a mention and has a bad row."""
    text = "A new article about Sergei Shoigu and sanctions."
    new_doc = make_document(text)
    start = c.document.text.index("We support")
    sha = c.document.text_sha256

    def row(number: int, **values: object) -> ops.DatasetRow:
        return ops.DatasetRow(number, dict(values))

    return ops.LoadDataset(
        (
            ops.DatasetTable(
                "documents",
                "documents.jsonl",
                (row(1, document_id="d-new", document_sha256=new_doc.text_sha256, text=text),),
            ),
            ops.DatasetTable(
                "actors",
                "actors.jsonl",
                (row(1, actor_id="a-shoigu", name="Sergei Shoigu", aliases=["Shoigu"]),),
            ),
            ops.DatasetTable(
                "claims",
                "claims.jsonl",
                (row(1, claim_id="c-sanctions", label="Sanctions", path="Economy > Sanctions"),),
            ),
            ops.DatasetTable(
                "statements",
                "statements.jsonl",
                (
                    row(
                        1,
                        statement_id="s1",
                        document_sha256=sha,
                        quote=c.document.text[start : start + 22],
                        start=start,
                        end=start + 22,
                        claim_id="c-sanctions",
                        speaker_id="a-shoigu",
                        stance="ambivalent",
                        coder="second coder",
                        note="recoded",
                        updated_at="2026-01-02T03:04:05+00:00",
                    ),
                    row(2, statement_id="s-bad", document_sha256="0" * 64, quote="x"),
                ),
            ),
            ops.DatasetTable(
                "mentions",
                "mentions.jsonl",
                (
                    row(
                        1,
                        mention_id="m-new",
                        document_sha256=new_doc.text_sha256,
                        quote="Sergei Shoigu",
                        start=text.index("Sergei"),
                        end=text.index("Sergei") + 13,
                        actor="Shoigu",
                        coder="second coder",
                    ),
                ),
            ),
        ),
        ("ambivalent",),
    )


def _nothing(_c: Coded) -> list[ops.Operation]:
    return []


def _a_statement(c: Coded) -> list[ops.Operation]:
    return [_statement(c, id="s1"), _mention(c)]


# For every operation type: (what to set up first, how to build the operation).
CASES: dict[type[ops.Operation], tuple[Callable[[Coded], list[ops.Operation]], Any]] = {
    ops.AddDocuments: (
        _nothing,
        lambda c: ops.AddDocuments(
            (make_document("Another article 🇰🇵."), make_document("A third one."))
        ),
    ),
    ops.DeleteDocuments: (_nothing, lambda c: ops.DeleteDocuments((c.document.id,))),
    ops.SetDocumentExtra: (
        _nothing,
        lambda c: ops.SetDocumentExtra(c.document.id, "adjudication", {"resolved": ["k1"]}),
    ),
    ops.EditDocument: (
        _nothing,
        lambda c: ops.EditDocument(
            c.document.id,
            title="Kim meets Putin",
            source="KCNA",
            url="https://kcna.kp/en/1",
            author="Staff",
            published_at=dt.date(2024, 6, 19),
            language="en-GB",
            fields=(("section", "World"), ("page", "3")),
        ),
    ),
    ops.SetDocumentStatus: (_nothing, lambda c: ops.SetDocumentStatus((c.document.id,), "done")),
    ops.AddMention: (_nothing, _mention),
    ops.AddStatement: (_nothing, _statement),
    ops.RestoreAnnotation: (_a_statement, lambda c: c.project.apply(ops.DeleteAnnotation("s1"))[0]),
    ops.EditAnnotation: (
        _a_statement,
        lambda c: ops.EditAnnotation(
            "s1",
            start=c.document.text.index("“We"),
            stance="oppose",
            note="changed",
            actor_id=None,
            claim_id=c.child_claim,
        ),
    ),
    ops.DeleteAnnotation: (_a_statement, lambda c: ops.DeleteAnnotation("s1")),
    ops.CreateActor: (
        _nothing,
        lambda c: ops.CreateActor.new("John Kirby", "person", aliases=("Kirby",), colour="#336699"),
    ),
    ops.EditActor: (
        _nothing,
        lambda c: ops.EditActor(
            c.kim, name="Kim Jong-un", kind="state", description="leader", colour="#ff0000"
        ),
    ),
    ops.DeleteActor: (_nothing, lambda c: ops.DeleteActor(c.kim)),
    ops.AddAlias: (_nothing, lambda c: ops.AddAlias(c.kim, "Chairman Kim")),
    ops.RemoveAlias: (_nothing, lambda c: ops.RemoveAlias(_first_alias_of(c, c.kim))),
    ops.MergeActors: (_a_statement, lambda c: ops.MergeActors(c.kim, c.putin)),
    ops.UnmergeActors: (
        _a_statement,
        lambda c: c.project.apply(ops.MergeActors(c.kim, c.putin))[0],
    ),
    ops.CreateClaim: (
        _nothing,
        lambda c: ops.CreateClaim.new(
            "Sanctions", parent_id=c.claim, shortcut="s", description="d", colour="#00ff00"
        ),
    ),
    ops.EditClaim: (
        _nothing,
        lambda c: ops.EditClaim(
            c.claim, label_text="Cooperation", description="x", colour="#123456", shortcut="c"
        ),
    ),
    ops.MoveClaim: (_nothing, lambda c: ops.MoveClaim(c.child_claim, None, 3)),
    ops.MergeClaims: (
        lambda c: [
            _statement(c, id="s1", claim_id=c.child_claim),
            ops.CreateClaim.new("Grandchild", parent_id=c.child_claim),
        ],
        lambda c: ops.MergeClaims(c.child_claim, c.claim),
    ),
    ops.UnmergeClaims: (
        lambda c: [_statement(c, id="s1", claim_id=c.child_claim)],
        lambda c: c.project.apply(ops.MergeClaims(c.child_claim, c.claim))[0],
    ),
    ops.DeleteClaim: (_nothing, lambda c: ops.DeleteClaim(c.child_claim)),
    ops.Batch: (
        _nothing,
        lambda c: ops.Batch(
            (
                new_actor := ops.CreateActor.new("Sergei Shoigu", "person"),
                ops.AddMention(c.document.id, 2, 13, new_actor.actor.id, c.coder),
            ),
            "code mention",
        ),
    ),
    ops.SetStanceScale: (  # values added, reordered, and renamed with the statement on it
        _a_statement,
        lambda c: ops.SetStanceScale(
            ("contra", "pro", "neutral", "ambivalent"), (("support", "pro"), ("oppose", "contra"))
        ),
    ),
    ops.CreateCoder: (_nothing, lambda c: ops.CreateCoder(CoderRecord("coder-2", "Second Coder"))),
    ops.DeleteCoder: (
        lambda c: [ops.CreateCoder(CoderRecord("coder-2", "Idle Coder"))],
        lambda c: ops.DeleteCoder("coder-2"),
    ),
    ops.LoadDataset: (_a_statement, _dataset),
}
CASES.update(MERGE_CASES)
# A new file's project record: nothing to go back to but deleting the file.
NOT_UNDOABLE = {ops.SetUpProject}


def test_every_operation_has_a_round_trip_case():
    assert set(registered_operations()) == set(CASES) | NOT_UNDOABLE


def test_a_load_reports_each_row_and_its_undo_takes_out_only_what_it_brought(coded: Coded):
    for op in _a_statement(coded):
        coded.project.apply(op)
    before = snapshot(coded.project)
    load = _dataset(coded)
    inverse, _changes = coded.project.apply(load)
    assert load.report.as_dict()["tables"] == {
        "actors": {"inserted": 1, "rejected": 0, "unchanged": 0, "updated": 0},
        "claims": {"inserted": 1, "rejected": 0, "unchanged": 0, "updated": 0},
        "documents": {"inserted": 1, "rejected": 0, "unchanged": 0, "updated": 0},
        "mentions": {"inserted": 1, "rejected": 0, "unchanged": 0, "updated": 0},
        "statements": {"inserted": 0, "rejected": 1, "unchanged": 0, "updated": 1},
    }
    assert load.report.messages == [
        "statements.jsonl line 2: its document '' (sha256 000000000000…) is not in this project"
    ]
    s1 = coded.project.annotation("s1")
    assert (s1.stance, s1.note, s1.actor_id, s1.claim_id) == (
        "ambivalent",
        "recoded",
        "a-shoigu",
        "c-sanctions",
    )
    assert coded.project.annotation("m-new").actor_id == "a-shoigu"  # found by its alias
    assert {c.name for c in coded.project.coders()} == {"tester", "second coder"}
    again = _dataset(coded)
    coded.project.apply(again)  # idempotent: the same rows again change nothing
    assert again.report.total("inserted") == again.report.total("updated") == 0
    coded.project.apply(inverse)
    assert snapshot(coded.project) == before


def test_a_project_is_set_up_once(coded: Coded):
    with pytest.raises(OperationRefusedError, match="already holds a project"):
        coded.project.apply(ops.SetUpProject("again", ("a",), 1))


OPERATION_TYPES = sorted(CASES, key=lambda t: t.__name__)


@pytest.mark.parametrize("op_type", OPERATION_TYPES, ids=[t.__name__ for t in OPERATION_TYPES])
def test_inverse_restores_the_database_and_redo_reapplies(coded: Coded, op_type):
    setup, make = CASES[op_type]
    for op in setup(coded):
        coded.project.apply(op)
    op = make(coded)
    assert type(op) is op_type
    before = snapshot(coded.project)
    inverse, changes = coded.project.apply(op)
    assert changes, "an operation that changes something reports it"
    after = snapshot(coded.project)
    assert after != before
    redo, _ = coded.project.apply(inverse)
    assert snapshot(coded.project) == before
    coded.project.apply(redo)
    assert snapshot(coded.project) == after


def test_changes_are_journalled_so_caches_can_see_they_are_behind(coded: Coded):
    mark = coded.project.watermark()
    _, changes = coded.project.apply(_mention(coded))
    assert changes.annotated_documents == {coded.document.id}
    assert coded.project.watermark() > mark


def test_deleting_a_used_actor_is_refused_with_counts(coded: Coded):
    coded.project.apply(_statement(coded, speaker_id=coded.kim))
    coded.project.apply(_mention(coded))
    before = snapshot(coded.project)
    with pytest.raises(
        OperationRefusedError,
        match=r"used by 2 annotation.*1 statement.*1 "
        r"mention.*merge",
    ):
        coded.project.apply(ops.DeleteActor(coded.kim))
    assert snapshot(coded.project) == before


def test_deleting_a_used_claim_is_refused_with_counts(coded: Coded):
    coded.project.apply(_statement(coded, claim_id=coded.child_claim))
    with pytest.raises(OperationRefusedError, match="used by 1 statement"):
        coded.project.apply(ops.DeleteClaim(coded.child_claim))
    with pytest.raises(OperationRefusedError, match="1 sub-claim"):
        coded.project.apply(ops.DeleteClaim(coded.claim))


def test_merge_keeps_aliases_and_the_old_name(coded: Coded):
    coded.project.apply(_mention(coded))
    coded.project.apply(ops.MergeActors(coded.kim, coded.putin))
    (putin,) = coded.project.actors()
    assert {a.alias for a in putin.aliases} == {
        "Putin",
        "Kim",
        "the North Korean leader",
        "Kim Jong Un",
    }
    assert {a.actor_id for a in coded.project.annotations()} == {coded.putin}


def test_the_stored_quote_is_the_text_at_the_offsets(coded: Coded):
    text = coded.document.text
    start = text.index("CJK")
    coded.project.apply(
        ops.AddMention(coded.document.id, start - 2, start + 3, coded.kim, coded.coder, id="m")
    )
    annotation = coded.project.annotation("m")
    assert annotation.exact == text[start - 2 : start + 3] == "𠀀 CJK"
    assert annotation.prefix == text[max(0, start - 2 - 32) : start - 2]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda c: _statement(c, start=5, end=5), "not inside"),
        (lambda c: _statement(c, end=10_000), "not inside"),
        (lambda c: _statement(c, stance="maybe"), "stance scale"),
        (lambda c: _statement(c, claim_id="nope"), "claim nope does not exist"),
        (lambda c: ops.CreateActor.new("kim jong  un"), "already exists"),
        (lambda c: ops.CreateActor.new("Putin"), "already an alias"),
        (lambda c: ops.CreateActor.new("X", "alien"), "kind"),
        (lambda c: ops.AddAlias(c.kim, "Vladimir Putin"), "name of another actor"),
        (lambda c: ops.MoveClaim(c.claim, c.child_claim), "under itself"),
        (lambda c: ops.CreateClaim.new("Other", shortcut="m"), "already belongs"),
        (lambda c: ops.SetStanceScale(("a", "a")), "twice"),
        (lambda c: ops.MergeActors(c.kim, c.kim), "into itself"),
    ],
)
def test_bad_operations_are_refused_and_change_nothing(coded: Coded, make, message):
    before = snapshot(coded.project)
    with pytest.raises(OperationRefusedError, match=message):
        coded.project.apply(make(coded))
    assert snapshot(coded.project) == before


def test_a_stance_in_use_cannot_be_dropped_from_the_scale(coded: Coded):
    coded.project.apply(_statement(coded))
    with pytest.raises(OperationRefusedError, match="'support' \\(1\\)"):
        coded.project.apply(ops.SetStanceScale(("oppose", "neutral")))


def test_a_batch_with_a_refused_step_changes_nothing(coded: Coded):
    before = snapshot(coded.project)
    create = ops.CreateActor.new("Sergei Shoigu", "person")
    with pytest.raises(OperationRefusedError):
        coded.project.apply(
            ops.Batch(
                (create, ops.AddMention(coded.document.id, 5, 5, create.actor.id, coded.coder))
            )
        )
    assert snapshot(coded.project) == before

"""The round-trip cases of the merge's operations for tests/services/test_operations.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from annotator.core.records import (
    ActorRecord,
    AnnotationRecord,
    ClaimRecord,
    CoderRecord,
    MergeSourceRecord,
)
from annotator.services import merge_operations as mops
from annotator.services import operations as ops
from tests.conftest import Coded

WHEN = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
SOURCE = MergeSourceRecord("ms-1", "package-id", "/coders/ann.annot", WHEN)


def coder_file(c: Coded) -> mops.CoderProject:
    """A coder's package of the ``coded`` project: a new actor, a new coder and a statement
    by them on its document."""
    start = c.document.text.index("We support")
    shoigu = ActorRecord("a-shoigu", "Sergei Shoigu", "person", "defence minister", "#123456")
    statement = AnnotationRecord(
        id="s-ann",
        document_id=c.document.id,
        coder_id="coder-ann",
        kind="statement",
        start=start,
        end=start + 10,
        exact=c.document.text[start : start + 10],
        prefix=c.document.text[max(0, start - 32) : start],
        suffix=c.document.text[start + 10 : start + 42],
        actor_id="a-shoigu",
        claim_id=c.claim,
        stance="oppose",
        note="",
        created_at=WHEN + dt.timedelta(hours=1),
        updated_at=WHEN + dt.timedelta(hours=1),
    )
    return mops.CoderProject(
        path="/coders/ann.annot",
        project_id="package-id",
        lead_project_id=c.project.info().id,
        created_at=WHEN,
        stance_scale=("support", "oppose", "neutral"),
        coders=(CoderRecord("coder-ann", "ann"),),
        actors=(shoigu,),
        claims=(ClaimRecord(c.claim, "Military cooperation", shortcut="m"),),
        documents=(mops.SourceDocument(c.document.id, c.document.text_sha256, "Sample"),),
        annotations=(statement,),
    )


def _nothing(_c: Coded) -> list[ops.Operation]:
    return []


MERGE_CASES: dict[type[ops.Operation], tuple[Callable[[Coded], list[ops.Operation]], Any]] = {
    mops.MergeProjects: (_nothing, lambda c: mops.MergeProjects((coder_file(c),))),
    mops.AddMergeSource: (_nothing, lambda c: mops.AddMergeSource(SOURCE)),
    mops.RemoveMergeSource: (
        lambda c: [mops.AddMergeSource(SOURCE)],
        lambda c: mops.RemoveMergeSource(SOURCE.id),
    ),
}

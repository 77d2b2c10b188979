"""export → load into an empty project → export gives the same dataset (issue #17.8), for
random projects: every file byte for byte, the manifest but for when and from which project
it was made. JSONL only: load does not read CSV or XLSX yet (#17.7)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import OperationRefusedError
from annotator.services import operations as ops
from annotator.services.dataset_export import export_dataset
from annotator.services.dataset_load import load_dataset
from annotator.services.project import ProjectService
from tests.conftest import make_document

WORDS = ["Kim", "Jong", "Un", "José", "Jose\u0301", "Zürich", "said", "sanctions", "war", "talks"]
NAMES = ["Kim Jong Un", "José Ramos", "Jose\u0301 Ramos", "Zürich Council", "KCNA"]

texts = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)
actor_specs = st.lists(
    st.tuples(
        st.sampled_from(NAMES), st.lists(st.sampled_from([*NAMES, "the leader"]), max_size=2)
    ),
    min_size=1,
    max_size=3,
)
codes = st.lists(
    st.tuples(
        st.integers(0, 5), st.integers(0, 40), st.integers(1, 15), st.booleans(), st.integers(0, 9)
    ),
    max_size=8,
)


def _manifest(folder: Path) -> dict[str, object]:
    manifest: dict[str, object] = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest.pop("exported_at", None)
    manifest.pop("created_at", None)
    for key in ("project", "project_id", "project_name"):  # two different projects
        manifest.pop(key, None)
    return manifest


def _build(
    path: Path,
    docs: list[str],
    actors: list[tuple[str, list[str]]],
    annotations: list[tuple[int, int, int, bool, int]],
) -> ProjectService:
    project = ProjectService.create(path)
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    records = tuple(
        make_document(text, title=f"Doc {n}", imported_at=base + dt.timedelta(minutes=10 - n))
        for n, text in enumerate(docs)
    )
    project.apply(ops.AddDocuments(records))
    actor_ids = []
    for name, aliases in actors:
        try:
            create = ops.CreateActor.new(name, aliases=tuple(aliases))
            project.apply(create)
            actor_ids.append(create.actor.id)
        except OperationRefusedError:
            continue  # a clashing name or alias: refused, as the window would
    claim = ops.CreateClaim.new("Sanctions work")
    project.apply(claim)
    coder = project.ensure_coder("ann").id
    for doc, start, length, statement, actor in annotations:
        record = records[doc % len(records)]
        start = min(start, len(record.text) - 1)
        end = min(len(record.text), start + length)
        if not actor_ids or start >= end:
            continue
        actor_id = actor_ids[actor % len(actor_ids)]
        op: ops.Operation = (
            ops.AddStatement(
                record.id, start, end, claim.claim.id, coder, speaker_id=actor_id, stance="support"
            )
            if statement
            else ops.AddMention(record.id, start, end, actor_id, coder)
        )
        project.apply(op)
    return project


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(texts, min_size=1, max_size=4, unique=True), actors=actor_specs, annotations=codes
)
def test_export_load_export_is_identical(docs, actors, annotations):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        original = _build(root / "a.annot", docs, actors, annotations)
        export_dataset(original, root / "first", fmt="jsonl")
        original.close()
        copy = ProjectService.create(root / "b.annot")
        report, _changes = load_dataset(copy, root / "first")
        assert not report.partial, report.messages + report.file_problems
        export_dataset(copy, root / "second", fmt="jsonl")
        copy.close()
        first = sorted(p.name for p in (root / "first").iterdir())
        assert first == sorted(p.name for p in (root / "second").iterdir())
        for name in first:
            if name == "manifest.json":
                assert _manifest(root / "first") == _manifest(root / "second")
            elif not name.startswith("."):
                assert (root / "first" / name).read_bytes() == (
                    root / "second" / name
                ).read_bytes(), name


def test_a_stance_fixed_in_the_workbook_is_loaded(coded, tmp_path):
    project = coded.project
    statement = ops.AddStatement(
        coded.document.id, 2, 7, coded.claim, coded.coder, speaker_id=coded.kim, stance="support"
    )
    project.apply(statement)
    export_dataset(project, tmp_path / "ds", fmt="xlsx")
    book = openpyxl.load_workbook(tmp_path / "ds" / "dataset.xlsx")
    sheet = book["statements"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("stance") + 1, value="oppose")
    book.save(tmp_path / "ds" / "dataset.xlsx")

    report, changes = load_dataset(project, tmp_path / "ds")

    assert project.annotation(statement.id).stance == "oppose"
    assert report.counts["statements"]["updated"] == 1
    assert report.total("updated") == 1
    assert report.total("rejected") == 0
    assert statement.id in changes.annotations
    # The edit is reported (the workbook is not what the export wrote), and goes in.
    assert report.file_problems == [
        "dataset.xlsx: its content differs from manifest.json (changed since it was exported)"
    ]

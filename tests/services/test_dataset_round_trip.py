"""export → load into an empty project → export gives the same dataset (issue #17.8), for
random projects with hostile text, in every format load reads (#17.7): every file byte for
byte, the manifest but for when and from which project it was made.

What a format cannot carry is asserted, not skipped: a note's U+0000 is U+FFFD in CSV, and
its C0 control characters other than tab, LF and CR are U+FFFD in XLSX (docs/dataset.md), so
the loaded project holds the note as the file has it, and exports the same file again. XLSX
carries no document text, so its empty project is given the same documents first (as an
analyst's project already holds them); CSV carries it with ``--with-text``.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.core.errors import OperationRefusedError
from annotator.core.records import DOCUMENT_STATUSES, DocumentRecord
from annotator.services import operations as ops
from annotator.services.dataset_export import ExportOptions, export_dataset
from annotator.services.dataset_load import load_dataset
from annotator.services.project import ProjectService
from tests.conftest import make_document

WORDS = [
    "Kim",
    "José",
    "Jose\u0301",  # decomposed: the same word once normalised
    "Zürich",
    "said",
    "'tis",  # the formula guard's own character
    "-5%",
    "=SUM(A1)",
    "+49",
    "@KCNA",
    "\u2212minus",
    "\ttabbed",
    "\nnewline",
    "two\nlines",
    "😀",  # outside the BMP
    "𠀀CJK",
    "q\u0307",  # a combining mark with no precomposed form
    "\u200b=hidden",
]
NAMES = [
    "Kim Jong Un",
    "José Ramos",
    "Jose\u0301 Ramos",
    "=Equal Corp",
    "'Quoted",
    "-Dash",
    "😀 Bot",
]
LABELS = ["Sanctions work", "=claim", "-minus claim", "'quoted claim", "q\u0307 claim"]
NOTES = [
    "",
    "plain",
    "'=already guarded?",
    "-starts with minus",
    "=1+1",
    "@mention",
    "\tleading tab",
    "a\r\nb\rc\nd",
    "  =after spaces",
    "😀 e\u0301 q\u0307",
    "nul\x00inside",
    "bell\x01and\x1fescape",
]
CONTROL: dict[int, str | int | None] = {c: "\ufffd" for c in range(32) if chr(c) not in "\t\n\r"}

FORMATS = {
    "jsonl": ExportOptions("jsonl"),
    "csv": ExportOptions("csv", with_text=True),
    "csv-exact": ExportOptions("csv", csv_variant="exact", with_text=True),
    "xlsx": ExportOptions("xlsx"),
}


def as_carried(fmt: str, note: str) -> str:
    """The note as the format carries it (docs/dataset.md)."""
    if fmt.startswith("csv"):
        return note.replace("\x00", "\ufffd")
    if fmt == "xlsx":
        return note.translate(CONTROL)
    return note


texts = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)
actor_specs = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.lists(st.sampled_from([*NAMES, "the leader", "=alias"]), max_size=2),
    ),
    min_size=1,
    max_size=3,
)
codes = st.lists(
    st.tuples(
        st.integers(0, 5),  # document
        st.integers(0, 11),  # first word
        st.integers(1, 3),  # words
        st.booleans(),  # statement or mention
        st.integers(0, 9),  # actor, claim, stance
        st.sampled_from(NOTES),
    ),
    max_size=8,
)


edits = st.lists(
    st.tuples(
        st.integers(0, 5),  # document
        st.sampled_from(["title", "source", "author", "url", "language"]),
        st.sampled_from([*WORDS, *NOTES]),
        st.sampled_from(DOCUMENT_STATUSES),
    ).map(lambda e: (*e[:2], _fit(e[1], e[2]), e[3])),
    max_size=4,
)


def _fit(field: str, value: str) -> str:
    """A value the details form takes for ``field`` (URLs and languages are checked)."""
    if field == "url":
        return f"https://example.org/{sum(map(ord, value))}"
    if field == "language":
        return ("en", "de", "pt-BR", "")[len(value) % 4]
    return value


def _manifest(folder: Path) -> dict[str, object]:
    manifest: dict[str, object] = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest.pop("exported_at", None)
    manifest.pop("created_at", None)
    for key in ("project", "project_id", "project_name"):  # two different projects
        manifest.pop(key, None)
    return manifest


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for word in text.split(" "):
        spans.append((start, start + len(word)))
        start += len(word) + 1
    return spans


def _documents(docs: list[str]) -> tuple[DocumentRecord, ...]:
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return tuple(
        make_document(
            text,
            title=f"{WORDS[(n * 7 + 5) % len(WORDS)]} {n}",
            imported_at=base - n * dt.timedelta(minutes=1),
        )
        for n, text in enumerate(docs)
    )


def _build(
    path: Path,
    records: tuple[DocumentRecord, ...],
    actors: list[tuple[str, list[str]]],
    labels: list[str],
    annotations: list[tuple[int, int, int, bool, int, str]],
    details: Sequence[tuple[int, str, str, str]] = (),
) -> tuple[ProjectService, dict[str, str]]:
    """A project with these documents (their details edited and status set after the
    import, as a coder would), actors, claims and codes; and each code's note."""
    project = ProjectService.create(path)
    project.apply(ops.AddDocuments(records))
    for doc, field, value, status in details:
        document_id = records[doc % len(records)].id
        edit: dict[str, Any] = {field: value}
        project.apply(ops.EditDocument(document_id, **edit))
        project.apply(ops.SetDocumentStatus((document_id,), status))
    actor_ids: list[str] = []
    claim_ids: list[str] = []
    for name, aliases in actors:
        try:
            create = ops.CreateActor.new(name, aliases=tuple(aliases))
            project.apply(create)
            actor_ids.append(create.actor.id)
        except OperationRefusedError:
            continue  # a clashing name or alias: refused, as the window would
    for label in labels:
        try:
            claim = ops.CreateClaim.new(label, parent_id=claim_ids[0] if claim_ids else None)
            project.apply(claim)
            claim_ids.append(claim.claim.id)
        except OperationRefusedError:
            continue
    scale = project.info().stance_scale
    coder = project.ensure_coder("=coder").id
    notes = {}
    for doc, word, words, statement, pick, note in annotations:
        record = records[doc % len(records)]
        spans = _word_spans(record.text)
        start = spans[word % len(spans)][0]
        end = spans[min(word % len(spans) + words, len(spans)) - 1][1]
        if not actor_ids or not claim_ids or start >= end:
            continue
        actor_id = actor_ids[pick % len(actor_ids)]
        op: ops.AddStatement | ops.AddMention = (
            ops.AddStatement(
                record.id,
                start,
                end,
                claim_ids[pick % len(claim_ids)],
                coder,
                speaker_id=actor_id,
                stance=scale[pick % len(scale)],
                note=note,
            )
            if statement
            else ops.AddMention(record.id, start, end, actor_id, coder, note=note)
        )
        project.apply(op)
        notes[op.id] = note
    return project, notes


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(texts, min_size=1, max_size=4, unique=True),
    actors=actor_specs,
    labels=st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True),
    annotations=codes,
    details=edits,
)
@example(
    docs=["'tis -5% =SUM(A1) \ttabbed \nnewline 😀 q\u0307"],
    actors=[("=Equal Corp", ["'Quoted"])],
    labels=["=claim", "-minus claim"],
    annotations=[(0, n, 1, n % 2 == 0, n, NOTES[n + 4]) for n in range(7)],
    details=[(0, "title", "=HYPERLINK(x)", "done"), (0, "source", "-5%", "in progress")],
)
def test_export_load_export_is_identical(fmt, docs, actors, labels, annotations, details):
    options = FORMATS[fmt]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        records = _documents(docs)
        original, notes = _build(root / "a.annot", records, actors, labels, annotations, details)
        statuses = {d.id: d.status for d in original.document_summaries()}
        export_dataset(original, root / "first", options=options)
        original.close()
        copy = ProjectService.create(root / "b.annot")
        if fmt == "xlsx":  # no text in a workbook: the project holds the documents
            copy.apply(ops.AddDocuments(records))
        report, _changes, _undo = load_dataset(copy, root / "first")
        assert not report.partial, report.messages + report.file_problems
        # What the format could not carry is all that differs in the loaded project.
        loaded = {annotation_id: copy.annotation(annotation_id).note for annotation_id in notes}
        assert loaded == {i: as_carried(fmt, note) for i, note in notes.items()}
        assert {d.id: d.status for d in copy.document_summaries()} == statuses
        export_dataset(copy, root / "second", options=options)
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

    report, changes, _undo = load_dataset(project, tmp_path / "ds")

    assert project.annotation(statement.id).stance == "oppose"
    assert report.counts["statements"]["updated"] == 1
    assert report.total("updated") == 1
    assert report.total("rejected") == 0
    assert statement.id in changes.annotations
    # The edit is reported (the workbook is not what the export wrote), and goes in.
    assert report.file_problems == [
        "dataset.xlsx: its content differs from manifest.json (changed since it was exported)"
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_loading_an_export_back_changes_nothing_not_even_what_the_file_could_not_carry(
    coded, tmp_path, fmt
):
    project = coded.project
    note = "nul\x00 bell\x01 and\ttab"
    statement = ops.AddStatement(
        coded.document.id, 2, 7, coded.claim, coded.coder, speaker_id=coded.kim, note=note
    )
    project.apply(statement)
    project.apply(ops.AddMention(coded.document.id, 0, 1, coded.putin, coded.coder, note="-x"))
    export_dataset(project, tmp_path / "ds", options=FORMATS[fmt])
    report, changes, _undo = load_dataset(project, tmp_path / "ds")
    assert not report.partial, report.messages + report.file_problems
    assert report.total("inserted") == report.total("updated") == 0
    assert not changes.annotations
    assert project.annotation(statement.id).note == note  # not its U+FFFD form


def test_loading_the_folder_an_export_was_put_in_names_the_dataset_inside(tmp_path):
    """Walkthrough: export puts its dataset in a folder of its own inside the one chosen;
    loading the chosen folder said only "holds no dataset files"."""
    from annotator.core.errors import AnnotatorError
    from annotator.services.dataset_export import export_dataset

    project = ProjectService.create(tmp_path / "p.annot")
    export_dataset(project, tmp_path / "chosen" / "demo-dataset-jsonl")
    with pytest.raises(AnnotatorError, match=r"the dataset is in .*demo-dataset-jsonl"):
        load_dataset(project, tmp_path / "chosen")
    project.close()

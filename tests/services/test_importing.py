"""Importing a real folder of downloads: every format, every bad file reported by name,
nothing of a rejected file in the database, near-duplicates flagged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.core.importers import detect
from annotator.services import importing
from annotator.services.importing import import_paths, read_import
from annotator.services.operations import AddDocuments, DeleteDocuments
from annotator.services.project import ProjectService
from tests.fixtures import make_import_fixtures as make

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
STORY = " ".join(
    f"The ministry said on day {i} that talks with Pyongyang over sanctions would go on."
    for i in range(60)
)


@pytest.fixture
def project(demo_template, tmp_path):
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path) as opened:
        yield opened


def _texts(project: ProjectService) -> str:
    return "\n".join(project.document(d.id).text for d in project.document_summaries())


def test_a_folder_of_every_format_goes_in_and_each_bad_file_is_named(project, tmp_path):
    folder = tmp_path / "downloads"
    shutil.copytree(FIXTURES, folder)
    make.make_zip_bomb_docx(folder / "bomb.docx", megabytes=50)
    make.make_traversal_docx(folder / "evil.docx")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    before = project.stats()["documents"]
    report = import_paths(project, [folder])
    reasons = "\n".join(reason for _file, reason in report.rejected)
    for expected in (
        "bomb.docx: refused: looks like a zip bomb",
        "evil.docx: refused: a part has an unsafe path",
        "empty.txt: the file is empty",
        "junk.txt: looks like a binary file",
        "scanned.pdf: the PDF has no text layer",
        "corpus.csv row 2: no text in column 'body'",
        "corpus.jsonl line 2: not valid JSON",
        "corpus.xlsx row 4: no text in column 'Body'",
    ):
        assert expected in reasons
    assert "photo.jpg" not in reasons  # unknown types inside folders are skipped
    # html x3, docx, pdf, txt x2 (western, utf16), csv 2 rows, jsonl 2 rows, xlsx 2 rows;
    # the corpus rows repeating the Word and PDF articles' texts are not identical to them.
    imported = {Path(file).name.split(" ")[0] for file, _id in report.imported}
    assert imported == {
        "article.html", "xxe.html", "bomb.html", "summit.docx", "summit.pdf",
        "western.txt", "utf16.txt", "corpus.csv", "corpus.jsonl", "corpus.xlsx",
    }  # fmt: skip
    assert project.stats()["documents"] == before + len(report.imported) == before + 13
    texts = _texts(project)
    assert "echo owned" not in texts
    assert "root:" not in texts
    origins = {project.document(d.id).origin for d in project.document_summaries()}
    assert "corpus.csv row 3" in origins
    assert "junk.txt" not in origins


def test_duplicates_are_refused_and_near_duplicates_flagged(project, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "wire.txt").write_text("Talks go on\n\n" + STORY, "utf-8")
    first = import_paths(project, [tmp_path / "a"])
    assert len(first.imported) == 1
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "same.txt").write_text("Talks go on\n\n" + STORY, "utf-8")
    (tmp_path / "b" / "rewrite.txt").write_text(
        "Pyongyang talks continue\n\nBy AP\n\n" + STORY, "utf-8"
    )
    second = import_paths(project, [tmp_path / "b"])
    assert [Path(f).name for f, _ in second.duplicates] == ["same.txt"]
    assert [Path(f).name for f, _ in second.imported] == ["rewrite.txt"]
    ((file, what),) = second.near_duplicates
    assert Path(file).name == "rewrite.txt"
    assert "nearly the same text" in what
    assert "'Talks go on'" in what
    assert "near-duplicates 1" in second.summary()
    assert "near-duplicate:" in second.details()


LONG_PARAGRAPH = " ".join(
    f"Envoy {i} said on day {i * 7} that the talks with Pyongyang over sanctions would go on."
    for i in range(40)
)


@pytest.mark.parametrize(
    "copy",
    [
        ("TALKS GO ON\n\n" + LONG_PARAGRAPH.upper()),  # the case changed
        ("Talks go on.\n\n" + LONG_PARAGRAPH),  # one full stop
        ("Talks go on\n\n" + LONG_PARAGRAPH.replace(". Envoy 20", ".\n\nEnvoy 20")),  # a break
        (
            "Talks go on\n\n"
            + LONG_PARAGRAPH.replace("day 70 ", "day 71 ").replace(
                "Envoy 33 said", "Envoy 33 told reporters"
            )
        ),  # edits inside the long paragraph
    ],
    ids=["case", "full stop", "paragraph break", "edits"],
)
def test_near_duplicates_are_imported_and_flagged_in_report_and_metadata(project, tmp_path, copy):
    folder = tmp_path / "wire"
    (folder / "reuters").mkdir(parents=True)
    (folder / "ap").mkdir()
    (folder / "reuters" / "1.txt").write_text("Talks go on\n\n" + LONG_PARAGRAPH, "utf-8")
    (folder / "ap" / "1.txt").write_text(copy, "utf-8")
    report = import_paths(project, [folder])
    assert len(report.imported) == 2  # flagged, not dropped
    ((file, what),) = report.near_duplicates
    assert Path(file).parts[-2:] == ("reuters", "1.txt")  # "ap" sorts first
    assert "nearly the same text" in what
    assert "(ap/1.txt)" in what  # named by its path in the folder, not an ambiguous "1.txt"
    by_origin = {d.origin: project.document(d.id) for d in project.document_summaries()}
    flagged = by_origin["reuters/1.txt"].extra["near_duplicate_of"]
    assert [flag["document_id"] for flag in flagged] == [by_origin["ap/1.txt"].id]
    assert 0.5 <= flagged[0]["similarity"] <= 1
    assert "near_duplicate_of" not in by_origin["ap/1.txt"].extra


def test_the_origin_is_the_path_in_the_imported_folder(project, tmp_path):
    corpus = tmp_path / "bbc"
    for category in ("business", "sport"):
        (corpus / category).mkdir(parents=True)
        (corpus / category / "361.txt").write_text(f"{category} story\n\nText of it.", "utf-8")
    shutil.copy(FIXTURES / "corpus.csv", corpus / "sport")
    single = tmp_path / "single.txt"
    single.write_text("A single file\n\nImported by name.", "utf-8")
    report = import_paths(project, [corpus, single])
    assert [reason for _file, reason in report.rejected] == [
        "corpus.csv row 2: no text in column 'body'"
    ]
    origins = {d.origin for d in project.document_summaries()}
    assert {"business/361.txt", "sport/361.txt", "sport/corpus.csv row 3", "single.txt"} <= origins


def test_a_reader_failing_on_one_file_does_not_stop_the_batch(project, tmp_path, monkeypatch):
    real = detect.READERS["text"]

    def flaky(path, options):
        if path.name == "crash.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, options)

    monkeypatch.setitem(detect.READERS, "text", flaky)
    monkeypatch.setattr(importing, "READERS", detect.READERS)
    (tmp_path / "crash.txt").write_text("Crash\n\nIt will not be read.", "utf-8")
    (tmp_path / "fine.txt").write_text("Fine\n\nIt goes in.", "utf-8")
    report = import_paths(project, [tmp_path])
    assert [Path(f).name for f, _ in report.imported] == ["fine.txt"]
    ((file, reason),) = report.rejected
    assert Path(file).name == "crash.txt"
    assert "crash.txt: could not be read as text (RecursionError" in reason
    assert "It will not be read" not in _texts(project)


def test_an_import_is_one_operation_whose_inverse_takes_every_document_out(
    project, tmp_path, monkeypatch
):
    """One write path (issue #15.1): an import is one AddDocuments, applied once, and
    applying its inverse leaves the project as it was."""
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text(f"{name.title()}\n\nArticle {name}.", "utf-8")
    real_apply = project.apply
    applied = []

    def apply(operation):
        applied.append(operation)
        return real_apply(operation)

    monkeypatch.setattr(project, "apply", apply)
    report = import_paths(project, [tmp_path])
    (operation,) = applied
    assert isinstance(operation, AddDocuments)
    assert sorted(d.origin for d in operation.documents) == ["one.txt", "three.txt", "two.txt"]
    assert {i for _f, i in report.imported} == {d.id for d in operation.documents}
    op, report_again = read_import(project, [tmp_path])
    assert op is None  # reading again finds only duplicates, and writes nothing
    assert len(report_again.duplicates) == 3
    inverse, _changes = real_apply(DeleteDocuments(tuple(d.id for d in operation.documents)))
    assert not any(d.text in _texts(project) for d in operation.documents)
    real_apply(inverse)
    assert all(d.text in _texts(project) for d in operation.documents)


def test_a_full_disk_leaves_the_project_as_it_was_and_says_so(project, tmp_path):
    """SQLITE_FULL, made real by capping the file at its current size (what a full disk
    gives SQLite): the save is refused whole, named, and the project is unchanged."""
    import datetime as dt

    from annotator.core.errors import StorageFullError
    from annotator.core.records import DocumentRecord
    from annotator.core.text import text_sha256

    def snapshot() -> list[tuple[object, ...]]:
        with project.database.read() as session:
            connection = session.connection()
            return [
                *connection.exec_driver_sql("SELECT id, note FROM annotation").fetchall(),
                *connection.exec_driver_sql("SELECT id, title FROM document").fetchall(),
            ]

    before = snapshot()
    engine = project.database._write_engine
    assert engine is not None
    with engine.connect() as connection:  # the pool hands this connection to the next save
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    text = "A long article. " * 20_000
    record = DocumentRecord(
        id="too-big", title="Too big", source="", url="", author="", published_at=None,
        language="", text=text, text_sha256=text_sha256(text), origin="big.txt",
        imported_at=dt.datetime.now(dt.UTC), extra={},
    )  # fmt: skip
    with pytest.raises(StorageFullError, match="is full: import documents was not saved"):
        project.apply(AddDocuments((record,)))
    assert snapshot() == before
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA max_page_count = 1073741823")
    project.apply(AddDocuments((record,)))  # with space again, the same save goes through
    assert len(snapshot()) == len(before) + 1


def test_files_read_in_another_encoding_or_with_an_unreadable_date_are_noted(project, tmp_path):
    (tmp_path / "western.txt").write_bytes("Crème brûlée\n\nLe régime a parlé.\n".encode("cp1252"))
    (tmp_path / "plain.txt").write_text("Plain\n\nUTF-8 text.\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("title,text,date\nRow,Some text.,someday\n", "utf-8")
    report = import_paths(project, [tmp_path])
    assert len(report.imported) == 3
    notes = {Path(file).name: what for file, what in report.notes}
    assert notes == {
        "western.txt": "read as Windows-1252 (detected; the file is not UTF-8)",
        "rows.csv row 1": "date 'someday' could not be read; left empty",
    }
    assert "note: " in report.details()


def test_a_lone_surrogate_in_corpus_metadata_is_stored_as_a_replacement(project, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"title": "Half \\ud800 title", "text": "Body of the article."}\n', "utf-8")
    report = import_paths(project, [corpus])
    assert len(report.imported) == 1, report.details()
    titles = {d.title for d in project.document_summaries()}
    assert "Half \ufffd title" in titles

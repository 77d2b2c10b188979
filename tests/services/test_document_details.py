"""A document's details and coding status (issue #21.2): each operation, its undo, the
checks on what the analyst types, and the search index following the edits."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from annotator.core.errors import OperationRefusedError
from annotator.services import operations as ops
from annotator.services.document_details import check_url, parse_date
from annotator.services.project import ProjectService
from annotator.services.search import SearchService
from tests.conftest import Coded, make_document
from tests.services.test_operations import _mention, _statement, snapshot


@pytest.fixture
def demo(demo_template, tmp_path):
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    project = ProjectService.open(path)
    yield project
    project.close()


def test_deleting_a_coded_document_is_refused_unless_its_annotations_go_too(coded: Coded):
    for op in (_statement(coded, id="s1"), _mention(coded)):
        coded.project.apply(op)
    with pytest.raises(OperationRefusedError, match="carry 2 annotation"):
        coded.project.apply(ops.DeleteDocuments((coded.document.id,)))
    before = snapshot(coded.project)
    inverse, changes = coded.project.apply(
        ops.DeleteDocuments((coded.document.id,), with_annotations=True)
    )
    assert coded.project.annotations() == []
    assert coded.project.document_summaries() == []
    assert changes.documents == {coded.document.id}
    assert len(changes.annotations) == 2
    redo, _ = coded.project.apply(inverse)
    # Everything back: the document, both annotations with their ids, offsets and times.
    assert snapshot(coded.project) == before
    assert coded.project.annotation("s1").note == "first"
    coded.project.apply(redo)
    assert coded.project.annotations() == []


def test_edited_details_are_stored_cleaned_and_undone_exactly(coded: Coded):
    before = snapshot(coded.project)
    inverse, changes = coded.project.apply(
        ops.EditDocument(
            coded.document.id,
            title="  Kim   meets\nPutin ",
            source="Jose\u0301 Wire",  # decomposed: stored composed, as texts are
            url=" https://example.org/a?b=1 ",
            published_at=dt.date(2024, 6, 19),
            language="pt-BR",
            fields=(("section", " World "), ("", ""), ("page", "3")),
        )
    )
    assert changes.details == {coded.document.id}
    assert not changes.documents  # the text is the same: nothing to reload
    stored = coded.project.document(coded.document.id)
    assert (stored.title, stored.source, stored.url, stored.language) == (
        "Kim meets Putin",
        "José Wire",
        "https://example.org/a?b=1",
        "pt-BR",
    )
    assert stored.published_at == dt.date(2024, 6, 19)
    assert stored.extra["fields"] == {"section": "World", "page": "3"}
    assert stored.text == coded.document.text  # the text never changes
    coded.project.apply(inverse)
    assert snapshot(coded.project) == before


def test_clearing_the_metadata_removes_it(coded: Coded):
    coded.project.apply(ops.EditDocument(coded.document.id, fields=(("a", "1"),)))
    coded.project.apply(ops.EditDocument(coded.document.id, fields=(("", ""),)))
    assert "fields" not in coded.project.document(coded.document.id).extra


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"url": "www.kcna.kp/article"}, r"write https://www\.kcna\.kp/article"),
        ({"url": "javascript:alert(1)"}, "not a web address"),
        ({"url": "https://a.org/two words"}, "space"),
        ({"language": "English"}, "not a language code"),
        ({"title": "x" * 1001}, "1,001 characters long; at most 1,000"),
        ({"published_at": dt.date(2999, 1, 1)}, "in the future"),
        ({"fields": (("page", "1"), ("page", "2"))}, "'page' appears twice"),
        ({"fields": (("", "orphan"),)}, "needs a name"),
    ],
)
def test_bad_details_are_refused_with_a_message_and_change_nothing(coded: Coded, edit, message):
    before = snapshot(coded.project)
    with pytest.raises(OperationRefusedError, match=message):
        coded.project.apply(ops.EditDocument(coded.document.id, **({"source": "New"} | edit)))
    assert snapshot(coded.project) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        (" 2024-03-05 ", dt.date(2024, 3, 5)),
        ("", None),
        ("5.3.2024", "not written YYYY-MM-DD"),
        ("2024-3-5", "not written YYYY-MM-DD"),
        ("2023-02-29", "no day 2023-02-29"),
    ],
)
def test_dates_are_read_as_yyyy_mm_dd(text, expected):
    if isinstance(expected, str):
        with pytest.raises(OperationRefusedError, match=expected):
            parse_date(text)
    else:
        assert parse_date(text) == expected


def test_a_good_url_is_kept_as_typed():
    url = "https://www.nknews.org/2024/06/kim-putin/?utm=x#top"
    assert check_url(f"  {url}\t") == url
    assert check_url("") == ""


def test_the_status_of_many_documents_is_set_and_each_undone_to_its_own(coded: Coded):
    second, third = make_document("A second article."), make_document("A third article.")
    coded.project.apply(ops.AddDocuments((second, third)))
    coded.project.apply(ops.SetDocumentStatus((second.id,), "in progress"))
    ids = (coded.document.id, second.id, third.id)
    assert coded.project.status_counts() == {"not started": 2, "in progress": 1, "done": 0}
    inverse, changes = coded.project.apply(ops.SetDocumentStatus(ids, "done"))
    assert changes.statuses == set(ids)
    assert not changes.documents  # nothing the search index holds
    assert coded.project.status_counts() == {"not started": 0, "in progress": 0, "done": 3}
    assert {d.id: d.status for d in coded.project.document_summaries()} == dict.fromkeys(
        ids, "done"
    )
    coded.project.apply(inverse)
    assert {d.id: d.status for d in coded.project.document_summaries()} == {
        coded.document.id: "not started",
        second.id: "in progress",
        third.id: "not started",
    }


def test_a_status_outside_the_three_or_of_a_missing_document_is_refused(coded: Coded):
    with pytest.raises(OperationRefusedError, match="not 'finished'"):
        coded.project.apply(ops.SetDocumentStatus((coded.document.id,), "finished"))
    with pytest.raises(OperationRefusedError, match="document nope does not exist"):
        coded.project.apply(ops.SetDocumentStatus((coded.document.id, "nope"), "done"))
    assert coded.project.document(coded.document.id).status == "not started"


def test_the_search_index_follows_title_source_and_date_edits(demo: ProjectService):
    search = SearchService(demo)
    search.ensure_current()
    first = demo.document_summaries()[0]
    assert search.search("title:zanzibarish").total == 0
    inverse, _ = demo.apply(
        ops.EditDocument(
            first.id,
            title="Zanzibarish summit",
            source="Gazette Quux",
            published_at=dt.date(1999, 12, 31),
        )
    )
    search.ensure_current()
    for query in ("title:zanzibarish", 'source:"gazette quux"', "date:1999"):
        assert [hit.document_id for hit in search.search(query).hits] == [first.id], query
    demo.apply(inverse)
    search.ensure_current()
    assert search.search("title:zanzibarish").total == 0
    assert search.search("date:1999").total == 0
    search.close()


def _documents_row(coded: Coded, **values: object) -> ops.LoadDataset:
    row = {"document_sha256": coded.document.text_sha256, **values}
    return ops.LoadDataset(
        (ops.DatasetTable("documents", "documents.csv", (ops.DatasetRow(2, row),), "row"),)
    )


def test_a_load_brings_fixed_details_and_the_status_to_a_document_it_holds(coded: Coded):
    before = snapshot(coded.project)
    load = _documents_row(
        coded, title="Fixed in Excel", published_at="2024-06-19", status="done", url=None
    )
    inverse, changes = coded.project.apply(load)
    assert load.report.as_dict()["tables"]["documents"]["updated"] == 1
    stored = coded.project.document(coded.document.id)
    assert (stored.title, stored.published_at, stored.status, stored.url) == (
        "Fixed in Excel",
        dt.date(2024, 6, 19),
        "done",
        "",
    )
    assert stored.source == coded.document.source  # no column: left as it was
    assert changes.details == changes.statuses == {coded.document.id}
    coded.project.apply(inverse)
    assert snapshot(coded.project) == before


def test_a_load_row_with_an_unknown_status_or_date_is_rejected_with_its_place(coded: Coded):
    before = snapshot(coded.project)
    for values, reason in (
        ({"status": "finished"}, "its status 'finished' is not one of not started"),
        ({"published_at": "19.06.2024"}, "not written YYYY-MM-DD"),
    ):
        load = _documents_row(coded, **values)
        coded.project.apply(load)
        (message,) = load.report.messages
        assert message.startswith("documents.csv row 2: ")
        assert reason in message
    assert snapshot(coded.project) == before

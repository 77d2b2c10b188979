"""Each importer on small fixture files (tests/fixtures/import/, made by
tests/fixtures/make_import_fixtures.py) and on the hostile files it must refuse."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, RejectedItem
from annotator.core.importers.dates import parse_date
from annotator.core.importers.detect import READERS, detect_format
from annotator.core.importers.plaintext import encoding_label
from annotator.core.importers.tabular import map_columns, parse_column_map
from tests.fixtures import make_import_fixtures as make

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def read(path: Path, **options) -> list[DocumentIn | RejectedItem]:
    fmt = detect_format(path)
    assert fmt is not None, path
    return list(READERS[fmt](path, ReadOptions(**options)))


def one(path: Path, **options) -> DocumentIn:
    (document,) = read(path, **options)
    assert isinstance(document, DocumentIn)
    return document


def test_a_web_page_gives_the_article_without_menus_ads_or_comments():
    page = one(FIXTURES / "article.html")
    assert page.title == "Kim and Putin meet in Vladivostok"
    assert page.source == "Example News"
    assert page.author == "Jane Reporter"
    assert page.url == "https://news.example.org/world/kim-putin-summit"
    assert page.published_at == dt.date(2023, 9, 14)
    assert "Kim Jong Un met Russian President Vladimir Putin" in page.text
    assert "“We will invariably support the just struggle of Russia,”" in page.text
    for clutter in ("Subscribe now", "ADVERTISEMENT", "first comment", "Cookie settings"):
        assert clutter not in page.text


def test_external_entities_are_never_resolved():
    page = one(FIXTURES / "xxe.html")
    assert "root:" not in page.text
    assert "&xxe;" in page.text or "xxe" not in page.text  # left as written or dropped
    assert "summit in Vladivostok" in page.text


def test_an_entity_bomb_is_not_expanded():
    page = one(FIXTURES / "bomb.html")
    assert "lollollol" not in page.text
    assert len(page.text) < 2000
    assert "Ordinary article text follows" in page.text


def test_a_word_document_gives_paragraphs_tables_and_core_properties():
    document = one(FIXTURES / "summit.docx")
    assert document.title == "Kim and Putin meet in Vladivostok"
    assert document.author == "Jane Reporter"
    assert document.published_at is None  # the file's creation time is not a publication date
    assert document.extra["file_created"].startswith("2023-09-14")
    assert "Place\tVladivostok" in document.text
    assert document.text.index("state media said") < document.text.index("Officials in Seoul")


def test_a_pdf_gives_its_text_layer_and_information():
    document = one(FIXTURES / "summit.pdf")
    assert document.title == "Summit in Vladivostok"
    assert document.author == "Wire Desk"
    assert "Kim Jong Un met Russian President Vladimir" in document.text
    assert document.extra["pages"] == 1


def test_a_scanned_pdf_is_reported_as_such_not_imported_empty():
    with pytest.raises(RejectedFileError, match=r"no text layer.*OCR"):
        read(FIXTURES / "scanned.pdf")


def test_text_encodings_are_detected_and_reported():
    western = one(FIXTURES / "western.txt")
    assert western.text.startswith("Café Sanctions")
    assert "crème brûlée" in western.text
    assert "sanctions – and" in western.text
    assert western.extra["encoding"] == "cp1252"
    assert western.title == "Café Sanctions"
    utf16 = one(FIXTURES / "utf16.txt")
    assert utf16.extra["encoding"] == "utf-16"
    assert "平和" in utf16.text


def test_cyrillic_in_cp1251_is_read_as_cyrillic(tmp_path):
    path = tmp_path / "ru.txt"
    text = (
        "Москва заявила о новых санкциях\n\n"  # noqa: RUF001
        "Министр иностранных дел России сказал, что переговоры продолжатся.\n"
    )
    path.write_bytes(text.encode("cp1251"))
    document = one(path)
    assert document.text == text
    assert document.extra["encoding"] == "cp1251"


def test_binary_junk_with_a_text_extension_is_refused():
    with pytest.raises(RejectedFileError, match=r"junk\.txt: looks like a binary file"):
        read(FIXTURES / "junk.txt")


def test_a_csv_corpus_maps_its_columns_and_reports_bad_rows():
    items = read(FIXTURES / "corpus.csv")
    first, empty, third = items
    assert isinstance(first, DocumentIn)
    assert isinstance(third, DocumentIn)
    assert first.title == "Summit in Vladivostok"
    assert first.source == "Wire"
    assert first.url == "https://example.org/1"
    assert first.author == "Jane Reporter"
    assert first.published_at == dt.date(2023, 9, 14)
    assert first.extra["published_raw"] == "14/09/2023"
    assert "Vladivostok; state media" in first.text  # the ; delimiter was sniffed
    assert third.author == "Kim, Min-ji"
    assert third.published_at == dt.date(2023, 9, 15)
    assert isinstance(empty, RejectedItem)
    assert empty.reason == "corpus.csv row 2: no text in column 'body'"


def test_a_jsonl_corpus_keeps_other_fields_and_names_bad_lines():
    items = read(FIXTURES / "corpus.jsonl")
    first, broken, second, empty = items
    assert isinstance(first, DocumentIn)
    assert isinstance(second, DocumentIn)
    assert first.author == "Jane Reporter; Wire Desk"
    assert first.published_at == dt.date(2023, 9, 14)
    assert first.extra["fields"] == {"section": "World"}
    assert second.published_at == dt.date(2023, 9, 15)  # RFC 2822
    assert second.text.endswith("😊")
    assert isinstance(broken, RejectedItem)
    assert broken.reason.startswith("corpus.jsonl line 2: not valid JSON")
    assert isinstance(empty, RejectedItem)
    assert empty.origin == "corpus.jsonl line 4"


def test_an_xlsx_corpus_reads_real_dates_and_text_dates():
    first, second, empty = read(FIXTURES / "corpus.xlsx")
    assert isinstance(first, DocumentIn)
    assert isinstance(second, DocumentIn)
    assert first.published_at == dt.date(2023, 9, 14)
    assert first.extra["fields"] == {"Section": "World"}
    assert second.published_at == dt.date(2023, 9, 14)
    assert second.source == "Seoul Daily"
    assert isinstance(empty, RejectedItem)
    assert empty.origin == "corpus.xlsx row 4"


def test_the_user_can_map_columns(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("kopf,inhalt,text\nÜberschrift,Der Artikel selbst.,not the article\n", "utf-8")
    document = one(path, column_map=parse_column_map("text=inhalt, title=KOPF"))
    assert (document.title, document.text) == ("Überschrift", "Der Artikel selbst.")
    with pytest.raises(RejectedFileError, match="--map text=missing: no such column"):
        read(path, column_map={"text": "missing"})
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_column_map("body")


def test_a_corpus_without_a_text_column_says_how_to_name_it():
    with pytest.raises(RejectedFileError, match=r"columns: a, b\); name it with --map text="):
        map_columns("x.csv", ["a", "b"], {})


def test_the_format_is_chosen_by_content(tmp_path):
    misnamed = tmp_path / "really-a-pdf.html"
    shutil.copy(FIXTURES / "summit.pdf", misnamed)
    assert detect_format(misnamed) == "pdf"
    page = tmp_path / "saved.txt"
    shutil.copy(FIXTURES / "article.html", page)
    assert detect_format(page) == "html"
    word = tmp_path / "no-extension"
    shutil.copy(FIXTURES / "summit.docx", word)
    assert detect_format(word) == "docx"
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", "utf-8")
    with pytest.raises(RejectedFileError, match=r"fake\.docx: not a Word file"):
        read(fake)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    make.make_zip_bomb_docx(bomb, megabytes=300)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(RejectedFileError, match="zip bomb"):
        read(bomb)


def test_path_traversal_members_are_refused(tmp_path):
    evil = tmp_path / "evil.docx"
    make.make_traversal_docx(evil)
    with pytest.raises(RejectedFileError, match="unsafe path"):
        read(evil)
    assert not (tmp_path.parent / "evil.sh").exists()


def test_external_entities_in_office_files_are_never_resolved(tmp_path):
    word = tmp_path / "xxe.docx"
    make.with_external_entity(FIXTURES / "summit.docx", word, "word/document.xml")
    document = one(word)  # python-docx parses with entity resolution off
    assert "root:" not in document.text
    assert "Officials in Seoul" in document.text
    sheet = tmp_path / "xxe.xlsx"
    make.with_external_entity(FIXTURES / "corpus.xlsx", sheet, "xl/worksheets/sheet1.xml")
    with pytest.raises(RejectedFileError, match=r"xxe\.xlsx: damaged Excel file") as caught:
        read(sheet)  # openpyxl parses through defusedxml, which refuses entity declarations
    assert "root:" not in str(caught.value)


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    make.make_huge_file(huge, megabytes=200)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self.name}"))
    with pytest.raises(RejectedFileError, match=r"huge.txt: 200.0 MB is over the 50 MB limit"):
        read(huge)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-09-14", dt.date(2023, 9, 14)),
        ("2023-09-14T08:00:00+09:00", dt.date(2023, 9, 14)),
        ("20230914", dt.date(2023, 9, 14)),
        ("14.09.2023", dt.date(2023, 9, 14)),
        ("14/09/2023", dt.date(2023, 9, 14)),
        ("09/14/2023", dt.date(2023, 9, 14)),
        ("03/04/2023", dt.date(2023, 4, 3)),  # ambiguous: day first
        ("2023/09/14", dt.date(2023, 9, 14)),
        ("14 September 2023", dt.date(2023, 9, 14)),
        ("Sep 14, 2023", dt.date(2023, 9, 14)),
        ("Thursday, 14 Sept. 2023 08:00", dt.date(2023, 9, 14)),
        ("Thu, 14 Sep 2023 08:00:00 +0000", dt.date(2023, 9, 14)),
        ("14 septembre 2023", dt.date(2023, 9, 14)),
        ("31/02/2023", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates_in_common_forms(text, expected):
    assert parse_date(text) == expected


def test_undecodable_bytes_are_refused_with_the_reason(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xef\xbb\xbfHeadline\n\nValid start, then \xff\xfe\xfa broken bytes.")
    with pytest.raises(RejectedFileError, match="byte-order mark but is not valid utf-8-sig"):
        read(broken)


@pytest.mark.parametrize(
    "text",
    [
        # charset-normalizer's own pick for each: cp1250 (same text), cp775, cp1250, cp437
        "Sanctions update\n\nOfficials said the deal was “final”. Critics disagreed — sharply.\n",
        "Rivals meet in Paris\n\nThe minister said “talks will go on” – and the café agreed.\n",
        "Brussels summit\n\nThe president’s office said the talks were “useful”.\n",
        "Price rose to £400 and €300 — a “record”.\n",
    ],
)
def test_western_files_are_read_as_windows_1252_on_ties(tmp_path, text):
    path = tmp_path / "western.txt"
    path.write_bytes(text.encode("cp1252"))
    document = one(path)
    assert document.text == text
    assert document.extra["encoding"] == "cp1252"
    assert encoding_label(document.extra["encoding"]) == "Windows-1252"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Zażółć gęślą jaźń. Minister powiedział, że rozmowy będą kontynuowane.\n",
            "cp1250",
        ),
        ("İstanbul'da bakan görüşmelerin süreceğini söyledi. Şehir çok güzel.\n", "cp1254"),
        ("Αθήνα: ο υπουργός είπε ότι οι συνομιλίες θα συνεχιστούν.\n", "cp1253"),  # noqa: RUF001
    ],
)
def test_other_windows_code_pages_keep_their_letters(tmp_path, text, encoding):
    path = tmp_path / "other.txt"
    path.write_bytes(text.encode(encoding))
    document = one(path)
    assert document.text == text
    assert document.extra["encoding"] == encoding


def test_encodings_are_named_as_people_know_them():
    assert encoding_label("cp1252") == "Windows-1252"
    assert encoding_label("windows-1251") == "Windows-1251"
    assert encoding_label("latin_1") == "ISO-8859-1 (Latin-1)"
    assert encoding_label("iso8859_2") == "ISO-8859-2"
    assert encoding_label("utf_16") == "UTF-16"
    assert encoding_label("cp437") == "DOS code page 437"


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Rivals of the £400 Apple...", "Rivals of the £400 Apple..."),
        ("Rivals of the £400 Apple…", "Rivals of the £400 Apple…"),
        ("Talks end.", "Talks end."),
        (
            "The minister said on Thursday that the talks with the delegation from Pyongyang "
            "would go on next week.",
            "The minister said on Thursday that the talks with the delegation from Pyongyang…",
        ),
        (
            "The minister said on Thursday that the talks with the delegation from Pyongyangese "
            "would go on next week.",
            "The minister said on Thursday that the talks with the delegation from…",
        ),
    ],
)
def test_headlines_that_trail_off_keep_their_last_word(tmp_path, first_line, title):
    path = tmp_path / "a.txt"
    path.write_text(f"{first_line}\n\nThe body of the article.\n", encoding="utf-8")
    assert one(path).title == title


def _entity_bomb(tmp_path: Path) -> Path:
    levels = [f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)]
    path = tmp_path / "bomb-only.html"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY a0 "dos">\n'
        + "\n".join(levels)
        + "\n]>\n<html><body><p>&a9;</p></body></html>\n",
        encoding="utf-8",
    )
    return path


def test_a_page_that_is_only_an_entity_bomb_is_refused_with_the_reason(tmp_path):
    with pytest.raises(RejectedFileError, match=r"bomb-only\.html: no article text.*entity bomb"):
        read(_entity_bomb(tmp_path))


@pytest.mark.parametrize(
    "body",
    [
        "<div>&#160; | &gt;&gt; | ... | 0 1 2 3 4 | ©</div>",
        "<p>&amp;&amp; 2023-09-14 12:00 | 404 | 500</p>",
        "<p>OK</p>",
    ],
)
def test_a_page_whose_text_is_junk_is_refused(tmp_path, body):
    path = tmp_path / "junk.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    with pytest.raises(RejectedFileError, match=r"junk\.html: no article text"):
        read(path)


def test_a_short_real_page_is_kept(tmp_path):
    path = tmp_path / "brief.html"
    path.write_text(
        "<html><body><article><p>Talks resume in Geneva.</p></article></body></html>",
        encoding="utf-8",
    )
    assert one(path).text == "Talks resume in Geneva."

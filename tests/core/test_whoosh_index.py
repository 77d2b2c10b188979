"""The Whoosh index on its own: segments stay few, snippets are well formed."""

from pathlib import Path
from typing import Any

import pytest

from annotator.core.search import DocumentEntry, Mark
from annotator.core.search.whoosh_index import MAX_SEGMENTS, WhooshIndex, make_snippets


def _entry(number: int) -> DocumentEntry:
    return DocumentEntry(f"d{number}", f"Title {number}", "Wire", None, f"word{number} shared text")


def test_many_small_updates_do_not_pile_up_segments(tmp_path):
    index = WhooshIndex(tmp_path / "ix", "project")
    index.rebuild([_entry(0)], watermark=1)
    for number in range(1, 3 * MAX_SEGMENTS):
        index.update([f"d{number}"], [_entry(number)], watermark=number + 1)
    ix = index._open()
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) <= MAX_SEGMENTS
    assert index.status().watermark == 3 * MAX_SEGMENTS
    index.merge_segments()
    with index._open().reader() as reader:
        assert len(reader.leaf_readers()) == 1
    assert index.status().usable
    assert len(index.search("shared", limit=100).hits) == 3 * MAX_SEGMENTS
    index.close()


def test_snippets_start_and_end_at_words_and_carry_their_marks():
    text = ("alpha " * 40) + "Kim met Putin " + ("omega " * 40)
    start = text.index("Kim")
    (snippet,) = make_snippets(text, [Mark(start, start + 3)])
    assert snippet.text == text[snippet.start : snippet.end]
    assert snippet.text.startswith("alpha")
    assert snippet.text.endswith("omega")
    assert snippet.html().count("<mark>Kim</mark>") == 1


def test_a_document_without_marks_shows_its_lead():
    (snippet,) = make_snippets("A short lead.\nSecond line.", [])
    assert snippet.start == 0
    assert "\n" not in snippet.text


def test_fuzzy_marks_are_expanded_segment_by_segment(tmp_path, monkeypatch):
    # Over several segments Whoosh finds fuzzy terms by computing the edit distance to every
    # word with the prefix (70 ms a query at 22,250 articles); one segment has an automaton.
    from whoosh.reading import MultiReader

    index = WhooshIndex(tmp_path / "ix", "project")
    index.rebuild([_entry(0), _entry(1)], watermark=1)
    index.update(["d2"], [_entry(2)], watermark=2)
    with index._open().reader() as reader:
        assert len(reader.leaf_readers()) == 2

    def slow(*_args, **_kwargs):
        raise AssertionError("fuzzy terms expanded over all segments at once")

    monkeypatch.setattr(MultiReader, "terms_within", slow)
    texts = {f"d{n}": _entry(n).text for n in range(3)}
    outcome = index.search("shard~", limit=10, texts=lambda ids: {i: texts[i] for i in ids})
    assert len(outcome.hits) == 3
    assert all(hit.marks for hit in outcome.hits)
    index.close()


def _hold_commit_lock(folder: Path) -> Any:
    from whoosh.filedb.filestore import FileStorage

    from annotator.core.search.whoosh_index import COMMIT_LOCK

    lock = FileStorage(str(folder)).lock(COMMIT_LOCK)
    assert lock.acquire(blocking=False)
    return lock


def test_an_index_another_process_is_committing_to_is_busy_not_broken(tmp_path, monkeypatch):
    # While another copy of the app is between Whoosh's commit and the record, the files
    # do not match the record. The index is reported busy: not rebuilt and swapped away
    # under that commit (whose new segment's files then vanished).
    import annotator.core.search.store as whoosh_index

    index = WhooshIndex(tmp_path / "ix", "project")
    index.rebuild([_entry(0)], watermark=1)
    (tmp_path / "ix" / "annotator-index.json").write_text("{}", encoding="utf-8")
    assert not index.status().usable  # damaged, and nobody is committing: rebuild it
    lock = _hold_commit_lock(tmp_path / "ix")  # as another process does while committing
    try:
        status = index.status()
        assert status.busy
        assert not status.usable
        monkeypatch.setattr(whoosh_index, "WRITER_TIMEOUT_S", 0.2)
        with pytest.raises(whoosh_index.IndexBusyError):
            index.rebuild([_entry(0), _entry(1)], watermark=2)  # not swapped in meanwhile
        with pytest.raises(whoosh_index.IndexBusyError):
            index.update(["d1"], [_entry(1)], watermark=2)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]  # no leftovers
    finally:
        lock.release()
    index.rebuild([_entry(0), _entry(1)], watermark=2)
    assert index.status().usable
    assert index.search("shared", limit=10).total == 2
    index.close()

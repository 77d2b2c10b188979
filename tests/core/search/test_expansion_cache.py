"""A prefix, wildcard or fuzzy term is expanded once per segment reader, and a changed index
is expanded afresh."""

from __future__ import annotations

from annotator.core.search import DocumentEntry, surface, whoosh_compat
from annotator.core.search.whoosh_index import WhooshIndex


def _entry(number: int, text: str) -> DocumentEntry:
    return DocumentEntry(f"d{number}", "", "", None, text)


def test_a_search_and_its_marks_expand_a_term_once_until_the_index_changes(tmp_path, monkeypatch):
    expanded: list[str] = []
    real = whoosh_compat.expansions

    def counting(node, reader):
        expanded.append(node.fieldname)
        return real(node, reader)

    monkeypatch.setattr(surface, "expansions", counting)
    index = WhooshIndex(tmp_path / "ix", "p")
    try:
        index.rebuild([_entry(0, "contains content"), _entry(1, "contain")], watermark=1)
        texts = {"d0": "contains content", "d1": "contain", "d2": "contours"}
        first = index.search("contain~", limit=10, texts=lambda ids: {i: texts[i] for i in ids})
        once = len(expanded)
        again = index.search("contain~", limit=10, texts=lambda ids: {i: texts[i] for i in ids})
        assert len(expanded) == once  # ranking and marking, twice: read once
        assert [hit.marks for hit in again.hits] == [hit.marks for hit in first.hits]
        assert {hit.id for hit in first.hits} == {"d0", "d1"}

        index.update([], [_entry(2, "contours")], watermark=2)
        assert {hit.id for hit in index.search("cont*", limit=10).hits} == {"d0", "d1", "d2"}
        assert len(expanded) > once
    finally:
        index.close()


def test_only_the_last_expansions_are_kept(tmp_path):
    index = WhooshIndex(tmp_path / "ix", "p")
    try:
        index.rebuild([_entry(0, "alpha beta")], watermark=1)
        for number in range(surface.EXPANSIONS_KEPT + 5):
            index.search(f"a{number}*", limit=1)
        with index._searcher() as searcher:
            for segment, _offset in searcher.reader().leaf_readers():
                assert len(segment.annotator_expansions) <= surface.EXPANSIONS_KEPT
    finally:
        index.close()

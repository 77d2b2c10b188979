"""A Whoosh index of several segments with deletions, for checking search against plain
Python over the texts."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from pathlib import Path

from annotator.core.search import DocumentEntry
from annotator.core.search.whoosh_index import WhooshIndex


def segmented_index(
    folder: Path, batches: list[list[str]], deleted: AbstractSet[int] = frozenset()
) -> tuple[WhooshIndex, dict[str, str]]:
    """One segment per batch (documents d0, d1, ... in order), then the documents numbered
    in ``deleted`` removed; the open index and the texts that remain, by id."""
    index = WhooshIndex(folder, "p")
    number, live = 0, {}
    for position, batch in enumerate(batches):
        entries = []
        for text in batch:
            entries.append(DocumentEntry(f"d{number}", "", "", None, text))
            live[f"d{number}"] = text
            number += 1
        if position == 0:
            index.rebuild(entries, watermark=1)
        else:
            index.update([e.id for e in entries], entries, watermark=position + 1)
    gone = [f"d{n}" for n in sorted(deleted) if f"d{n}" in live]
    if gone:
        index.update(gone, [], watermark=len(batches) + 1)
    for name in gone:
        del live[name]
    return index, live


def found(index: WhooshIndex, text: str) -> set[str]:
    """Ids of every hit of ``text``, checking that the total counts them all."""
    outcome = index.search(text, limit=10_000)
    assert outcome.total == len(outcome.hits)
    return {hit.id for hit in outcome.hits}

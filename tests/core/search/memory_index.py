"""A Whoosh index in memory with the app's schema: several segments, some entries deleted."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from whoosh.filedb.filestore import RamStorage

from annotator.core.search.schema import make_schema
from annotator.core.search.whoosh_postings import writer_codec


def memory_index(segments: Iterable[list[dict[str, Any]]], deleted: Iterable[str] = ()) -> Any:
    """One segment per list of entries (fields by name), written as the app writes its index,
    then the entries whose ``id`` is in ``deleted`` removed."""
    # A name of its own: Whoosh's writers in memory stage files in <temp>/<name>.tmp,
    # which two test runs at once would otherwise share (and delete under each other).
    ix = RamStorage().create_index(make_schema(), indexname=f"t{uuid.uuid4().hex}")
    for entries in segments:
        writer = ix.writer(codec=writer_codec())
        for fields in entries:
            writer.add_document(**fields)
        writer.commit(merge=False)
    gone = list(deleted)
    if gone:
        writer = ix.writer(codec=writer_codec())
        for identifier in gone:
            writer.delete_by_term("id", identifier)
        writer.commit(merge=False)
    return ix

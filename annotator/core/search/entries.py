"""The Whoosh fields of an index entry, and the digest by which ``check`` compares the
index's contents with the project's (issue #13.2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from annotator.core.search import DocumentEntry, Entry


def entry_fields(entry: Entry) -> dict[str, Any]:
    """The Whoosh fields of an entry, with the digest of the others."""
    fields = _indexed_fields(entry)
    fields["digest"] = entry_digest(entry)
    return fields


def entry_digest(entry: Entry) -> str:
    """A digest of everything indexed for ``entry`` (equal entries, equal digests)."""
    fields = _indexed_fields(entry)
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _indexed_fields(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, DocumentEntry):
        published = entry.published_at
        fields: dict[str, Any] = {
            "id": entry.id,
            "kind": "document",
            "doc_id": entry.id,
            "title": entry.title,
            "title_written": entry.title,
            "source": entry.source,
            "body": entry.text,
            "written": entry.text,
            "actor": "\n".join(entry.actors),
            "actor_id": ",".join(entry.actor_ids),
            "named": ",".join(entry.named_actor_ids),
            "claim": "\n".join(entry.claims),
            "stance": ",".join(entry.stances),
            "coder": ",".join(entry.coders),
        }
        if published is not None:
            fields["date"] = dt.datetime(published.year, published.month, published.day)
        return fields
    return {
        "id": entry.id,
        "kind": "statement",
        "doc_id": entry.document_id,
        "body": entry.quote,
        "written": entry.quote,
        "actor": entry.speaker,
        "actor_id": entry.speaker_id,
        "claim": "\n".join(entry.claims),
        "stance": entry.stance,
        "coder": entry.coder,
    }

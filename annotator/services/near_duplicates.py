"""Near-duplicates at import (issue #17.1): every new document's sketch is compared with
those of the project's documents and of the batch so far (core/neardup.py). A near-duplicate
is imported, never dropped, and flagged twice: in the import report, and in the document's
metadata (``extra["near_duplicate_of"]``: the documents it nearly equals, with the estimated
similarity), so the flag outlives the report. The sketch is kept in the document's metadata
too (``extra["near_duplicate_sketch"]``), so a later import need not read the texts again.
"""

from __future__ import annotations

from annotator.core.neardup import NearDuplicateIndex, Sketch, sketch
from annotator.core.records import DocumentRecord
from annotator.services.project import ProjectService

SKETCH_KEY = "near_duplicate_sketch"
FLAG_KEY = "near_duplicate_of"
MAX_FLAGGED = 5
"""How many of the documents a new one nearly equals its metadata names (best first)."""


def label(title: str, origin: str) -> str:
    """How a report names a document: its title and where it came from."""
    if title and origin:
        return f"{title!r} ({origin})"
    return repr(title) if title else origin


class NearDuplicates:
    """The project's sketches, loaded once per import; :meth:`check` flags a new document."""

    def __init__(self, project: ProjectService) -> None:
        self._index = NearDuplicateIndex()
        self._labels: dict[str, str] = {}
        unsketched: list[str] = []
        for document_id, (title, origin, value) in project.document_fingerprints(
            SKETCH_KEY
        ).items():
            self._labels[document_id] = label(title, origin)
            stored = Sketch.from_json(value)
            if stored is None:
                unsketched.append(document_id)
            else:
                self._index.insert(document_id, stored)
        # Documents imported before sketches (or under another hashing scheme): sketch their
        # texts now. The sketch is not written back: an import only adds documents.
        for document_id in unsketched:
            self._index.insert(document_id, sketch(project.document(document_id).text))

    def check(self, record: DocumentRecord) -> list[tuple[str, float]]:
        """(label, similarity) of the documents ``record`` nearly equals, best first; its
        sketch and flags go into ``record.extra``. Call it once per document to be added."""
        text_sketch = sketch(record.text)
        record.extra[SKETCH_KEY] = text_sketch.to_json()
        found = self._index.add(record.id, text_sketch)
        self._labels[record.id] = label(record.title, record.origin)
        if found:
            record.extra[FLAG_KEY] = [
                {"document_id": other, "similarity": round(score, 2)}
                for other, score in found[:MAX_FLAGGED]
            ]
        return [(self._labels[other], score) for other, score in found]

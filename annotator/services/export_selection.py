"""Turning export filters (documents or a search query, coders, a claim with its sub-claims,
a date range) into a :class:`~annotator.services.dataset_export.Selection`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from annotator.core.codebook import with_descendants
from annotator.core.errors import AnnotatorError
from annotator.core.models import name_key
from annotator.services.dataset_export import Selection
from annotator.services.project import ProjectService
from annotator.services.search import SearchService


def build_selection(
    project: ProjectService,
    *,
    document_ids: Sequence[str] = (),
    query: str | None = None,
    coders: Sequence[str] = (),
    claim: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Selection:
    """A selection from the filters given (all of them must hold); raises
    :class:`AnnotatorError` naming an unknown document, coder or claim."""
    description: dict[str, Any] = {}
    documents: set[str] | None = None
    summaries = project.document_summaries()
    if document_ids:
        known = {d.id for d in summaries}
        unknown = [i for i in document_ids if i not in known]
        if unknown:
            raise AnnotatorError(f"no document with id {unknown[0]} in this project")
        documents = set(document_ids)
        description["documents"] = sorted(documents)
    if query:
        search = SearchService(project)
        try:
            search.ensure_current()
            found = search.search(query, limit=max(1, len(summaries)), highlight=False)
        finally:
            search.close()
        hits = {hit.document_id for hit in found.hits}
        documents = hits if documents is None else documents & hits
        description["query"] = query
    if date_from is not None or date_to is not None:
        low, high = date_from or dt.date.min, date_to or dt.date.max
        dated = {d.id for d in summaries if d.published_at and low <= d.published_at <= high}
        documents = dated if documents is None else documents & dated
        description["date_range"] = [
            date_from.isoformat() if date_from else None,
            date_to.isoformat() if date_to else None,
        ]
    coder_ids: set[str] | None = None
    if coders:
        by_key = {name_key(c.name): c.id for c in project.coders()}
        missing = [c for c in coders if name_key(c) not in by_key]
        if missing:
            raise AnnotatorError(f"no coder called {missing[0]!r} in this project")
        coder_ids = {by_key[name_key(c)] for c in coders}
        description["coders"] = list(coders)
    claim_ids: set[str] | None = None
    if claim:
        claims = project.claims()
        root = next(
            (c for c in claims if c.id == claim or name_key(c.label) == name_key(claim)), None
        )
        if root is None:
            raise AnnotatorError(f"no claim {claim!r} in this project")
        claim_ids = with_descendants(((c.id, c.parent_id) for c in claims), [root.id])
        description["claim"] = root.label
    return Selection(
        document_ids=None if documents is None else frozenset(documents),
        coder_ids=None if coder_ids is None else frozenset(coder_ids),
        claim_ids=None if claim_ids is None else frozenset(claim_ids),
        description=description,
    )

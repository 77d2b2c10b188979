"""What the search index holds of the project: its entries (each document, then its
statements) streamed from SQLite, and the names and claims they are made with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from annotator.core import models
from annotator.core.codebook import claim_chains, with_descendants
from annotator.core.search import DocumentEntry, Entry, StatementEntry
from annotator.core.search.names import NameMatcher


def with_claim_descendants(session: Session, claim_ids: set[str]) -> set[str]:
    if not claim_ids:
        return set()
    pairs = session.exec(select(models.Claim.id, models.Claim.parent_id)).all()
    return with_descendants(pairs, claim_ids)


def name_matcher(session: Session, actor_ids: set[str] | None = None) -> NameMatcher:
    """The names and aliases of the actors (all, or ``actor_ids``)."""
    names: dict[str, list[str]] = {}
    actors = select(models.Actor.id, models.Actor.name)
    aliases = select(models.ActorAlias.actor_id, models.ActorAlias.alias)
    if actor_ids is not None:
        actors = actors.where(col(models.Actor.id).in_(actor_ids))
        aliases = aliases.where(col(models.ActorAlias.actor_id).in_(actor_ids))
    for actor_id, name in session.exec(actors):
        names.setdefault(actor_id, []).append(name)
    for actor_id, alias in session.exec(aliases):
        names.setdefault(actor_id, []).append(alias)
    return NameMatcher(names)


def _claim_labels(session: Session) -> dict[str, tuple[str, ...]]:
    """claim id -> its label and its ancestors' labels."""
    triples = session.exec(select(models.Claim.id, models.Claim.label, models.Claim.parent_id))
    return claim_chains(triples.all())


def index_entries(session: Session, document_ids: list[str] | None) -> Iterator[Entry]:
    """Index entries of the given documents (all when None): each document, then its
    statements. Documents and annotations are streamed in id order and merged."""
    actors = {a.id: (a.name, a.kind) for a in session.exec(select(models.Actor))}
    coders = {c.id: c.name for c in session.exec(select(models.Coder))}
    claims = _claim_labels(session)
    matcher = name_matcher(session)
    # Plain rows (attribute access like the models), not ORM objects: cheaper to stream.
    document_table = models.Document.__table__  # type: ignore[attr-defined]
    annotation_table = models.Annotation.__table__  # type: ignore[attr-defined]
    documents = sa_select(
        document_table.c.id,
        document_table.c.title,
        document_table.c.source,
        document_table.c.published_at,
        document_table.c.text,
    ).order_by(document_table.c.id)
    annotations = sa_select(annotation_table).order_by(
        annotation_table.c.document_id, annotation_table.c.start
    )
    if document_ids is not None:
        documents = documents.where(document_table.c.id.in_(document_ids))
        annotations = annotations.where(annotation_table.c.document_id.in_(document_ids))
    pending = iter(session.execute(annotations.execution_options(yield_per=2000)))
    current = next(pending, None)
    for document in session.execute(documents.execution_options(yield_per=200)):
        own: list[Any] = []
        while current is not None and current.document_id < document.id:
            current = next(pending, None)
        while current is not None and current.document_id == document.id:
            own.append(current)
            current = next(pending, None)
        yield _document_entry(document, own, actors, claims, coders, matcher)
        for annotation in own:
            if annotation.kind == "statement":
                yield _statement_entry(annotation, actors, claims, coders)


def _document_entry(
    document: Any,
    annotations: list[Any],
    actors: dict[str, tuple[str, str]],
    claims: dict[str, tuple[str, ...]],
    coders: dict[str, str],
    matcher: NameMatcher,
) -> DocumentEntry:
    actor_ids = sorted({a.actor_id for a in annotations if a.actor_id})
    return DocumentEntry(
        id=document.id,
        title=document.title,
        source=document.source,
        published_at=document.published_at,
        text=document.text,
        actors=tuple(actors[i][0] for i in actor_ids if i in actors),
        actor_ids=tuple(actor_ids),
        named_actor_ids=tuple(sorted(matcher.actors_in(document.text))),
        claims=tuple(
            sorted(
                {label for a in annotations if a.claim_id for label in claims.get(a.claim_id, ())}
            )
        ),
        stances=tuple(sorted({a.stance for a in annotations if a.stance})),
        coders=tuple(sorted({coders.get(a.coder_id, "") for a in annotations} - {""})),
    )


def _statement_entry(
    annotation: Any,
    actors: dict[str, tuple[str, str]],
    claims: dict[str, tuple[str, ...]],
    coders: dict[str, str],
) -> StatementEntry:
    speaker = actors.get(annotation.actor_id or "", ("", ""))[0]
    return StatementEntry(
        id=annotation.id,
        document_id=annotation.document_id,
        quote=annotation.exact,
        speaker=speaker,
        speaker_id=annotation.actor_id or "",
        claims=claims.get(annotation.claim_id or "", ()),
        stance=annotation.stance or "",
        coder=coders.get(annotation.coder_id, ""),
    )

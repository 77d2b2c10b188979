"""Making the constructed team projects of ``agreement_team`` and ``round_trip_team``: their
texts and codebook added to a project, and their annotations coded from plain rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.conftest import make_document


def quote_span(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """(start, end) of the ``occurrence``-th (from 0) ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, str]
    """Document key -> document id."""
    actors: dict[str, str]
    """Actor name -> actor id."""
    claims: dict[str, str]
    """Claim label -> claim id."""


class HasCorpus(Protocol):
    @property
    def documents(self) -> dict[str, str]: ...
    @property
    def actors(self) -> dict[str, str]: ...
    @property
    def claims(self) -> dict[str, str]: ...


def add_corpus(
    project: ProjectService,
    texts: Mapping[str, str],
    titles: Mapping[str, str],
    actors: Iterable[str],
    claims: Iterable[str],
) -> Corpus:
    """Add the documents ``texts`` (key -> text, origin "<key>.txt"), the actors and the claims
    to ``project``; their ids."""
    records = {
        key: make_document(text, title=titles[key], origin=f"{key}.txt")
        for key, text in texts.items()
    }
    project.apply(ops.AddDocuments(tuple(records.values())))
    made_actors = {name: ops.CreateActor.new(name) for name in actors}
    made_claims = {label: ops.CreateClaim.new(label) for label in claims}
    for op in (*made_actors.values(), *made_claims.values()):
        project.apply(op)
    return Corpus(
        {key: record.id for key, record in records.items()},
        {name: op.actor.id for name, op in made_actors.items()},
        {label: op.claim.id for label, op in made_claims.items()},
    )


def add_coded(
    project: ProjectService,
    corpus: HasCorpus,
    coder_id: str,
    document: str,
    span: tuple[int, int],
    kind: str,
    actor: str | None,
    claim: str | None,
    stance: str | None,
) -> None:
    """Add one mention (of ``actor``) or statement (``claim``, spoken by ``actor``) by
    ``coder_id`` at ``span`` of ``document``, naming them as in ``corpus``."""
    doc_id, (start, end) = corpus.documents[document], span
    actor_id = corpus.actors[actor] if actor else None
    if kind == "mention":
        assert actor_id is not None
        project.apply(ops.AddMention(doc_id, start, end, actor_id, coder_id))
    else:
        assert claim is not None
        project.apply(
            ops.AddStatement(doc_id, start, end, corpus.claims[claim], coder_id, actor_id, stance)
        )

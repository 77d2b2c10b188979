"""Adjudication (issue #19.4): one document's annotations by several coders compared, their
disagreements listed, and a "gold" coder made of the versions the adjudicator accepts.

:func:`compare_document` pairs each kind of annotation across coders the way agreement
pairs statements (pairing.py: spans overlapping by at least the minimum overlap, best
first, one annotation per coder in a group). A group is an *item*: it is *agreed* when every
compared coder has an annotation in it and all of them have the same span and coding;
otherwise it is a *disagreement* (what differs: the span, the actor, claim, speaker or
stance, or who left it out). An item is *resolved* when the gold coder has an annotation of
its kind pairing with it, or when the adjudicator marked it resolved without one (the mark
lives in the document's extra metadata, ``extra["adjudication"]["resolved"]``: a list of
item keys).

The functions that build operations return one :class:`Operation` each (a Batch where it
takes several steps), so every accept or resolve is one undo step; the gold coder is created
by the first accept (CreateCoder, inside the same step).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError
from annotator.core.models import new_id
from annotator.core.records import AnnotationRecord, CoderRecord
from annotator.services import operations as ops
from annotator.services.agreement.measure import GOLD
from annotator.services.agreement.pairing import (
    DEFAULT_MIN_OVERLAP,
    CodedStatement,
    overlap,
    pair_statements,
)
from annotator.services.project import ProjectService

EXTRA_KEY = "adjudication"
KINDS = ("mention", "statement")


@dataclass(frozen=True, slots=True)
class Item:
    """Annotations of several coders that mark the same thing (one per coder), or one
    coder's annotation no other coder's pairs with."""

    key: str
    """Stable while the coders' annotations stay: a digest of their ids."""
    kind: str
    start: int
    end: int
    """The stretch of text the versions cover together."""
    versions: dict[str, AnnotationRecord]
    """Coder name -> that coder's annotation."""
    missing: tuple[str, ...]
    """Compared coders with no annotation here."""
    differences: tuple[str, ...]
    """What differs: "span", "actor", "claim", "speaker", "stance"; () when agreed."""
    gold: tuple[AnnotationRecord, ...]
    """The gold coder's annotations of this kind pairing with it."""
    marked_resolved: bool

    @property
    def agreed(self) -> bool:
        return not self.missing and not self.differences

    @property
    def resolved(self) -> bool:
        return bool(self.gold) or self.marked_resolved


@dataclass(frozen=True, slots=True)
class Comparison:
    document_id: str
    title: str
    text: str
    coders: tuple[str, ...]
    annotations: dict[str, tuple[AnnotationRecord, ...]]
    """Coder name -> annotations, the compared coders and the gold coder (if any)."""
    items: tuple[Item, ...]
    """In text order, agreed and disagreeing alike."""
    resolved_keys: tuple[str, ...]
    gold_coder_id: str | None
    min_overlap: float

    @property
    def disagreements(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.agreed)


def _coding(a: AnnotationRecord, kind: str) -> dict[str, str | None]:
    if kind == "mention":
        return {"actor": a.actor_id}
    return {"claim": a.claim_id, "speaker": a.actor_id, "stance": a.stance}


def _differences(versions: dict[str, AnnotationRecord], kind: str) -> tuple[str, ...]:
    records = list(versions.values())
    found = []
    if len({(a.start, a.end) for a in records}) > 1:
        found.append("span")
    codings = [_coding(a, kind) for a in records]
    found += [name for name in codings[0] if len({c[name] for c in codings}) > 1]
    return tuple(found)


def _coded(a: AnnotationRecord, coder: str) -> CodedStatement:
    # Mentions pair like statements: the actor stands where a statement's speaker is.
    return CodedStatement(a.id, coder, a.start, a.end, a.claim_id, a.actor_id, a.stance)


def item_key(kind: str, annotation_ids: Sequence[str]) -> str:
    joined = "\x1f".join([kind, *sorted(annotation_ids)])
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def resolved_keys(extra: dict[str, object]) -> tuple[str, ...]:
    mark = extra.get(EXTRA_KEY)
    keys = mark.get("resolved", []) if isinstance(mark, dict) else []
    return tuple(k for k in keys if isinstance(k, str)) if isinstance(keys, list) else ()


def compare_document(
    project: ProjectService,
    document_id: str,
    *,
    coders: Sequence[str] = (),
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> Comparison:
    """The items of one document among ``coders`` (names; default: all) who annotated it,
    the gold coder aside. Raises :class:`AnnotatorError` for an unknown
    document or coder."""
    try:
        document = project.document(document_id)
    except KeyError:
        raise AnnotatorError(f"no document with id {document_id} in this project") from None
    names = {c.id: c.name for c in project.coders()}
    gold_id = next((i for i, n in names.items() if n == GOLD), None)
    by_coder: dict[str, list[AnnotationRecord]] = {}
    for a in project.annotations(document_id):
        if a.anchor_status != "orphaned":
            by_coder.setdefault(names.get(a.coder_id, a.coder_id), []).append(a)
    if coders:
        unknown = [c for c in coders if c not in names.values()]
        if unknown:
            raise AnnotatorError(f"no coder called {unknown[0]!r} in this project")
        # As agreement counts them: a coder compared is one who annotated the document.
        chosen = tuple(c for c in dict.fromkeys(coders) if c != GOLD and c in by_coder)
    else:
        chosen = tuple(sorted(c for c in by_coder if c != GOLD))
    gold = by_coder.get(GOLD, [])
    marked = set(resolved_keys(document.extra))
    items: list[Item] = []
    for kind in KINDS:
        records = {a.id: a for c in chosen for a in by_coder.get(c, []) if a.kind == kind}
        coded = [_coded(a, c) for c in chosen for a in by_coder.get(c, []) if a.kind == kind]
        pairing = pair_statements(coded, min_overlap)
        groups = [*pairing.units, *((s,) for s in pairing.unpaired)]
        gold_coded = [_coded(a, GOLD) for a in gold if a.kind == kind]
        for group in groups:
            versions = {s.coder: records[s.id] for s in group}
            key = item_key(kind, [s.id for s in group])
            answered = tuple(
                next(a for a in gold if a.id == g.id)
                for g in gold_coded
                if any(overlap(g, s) >= min_overlap for s in group)
            )
            items.append(
                Item(
                    key=key,
                    kind=kind,
                    start=min(s.start for s in group),
                    end=max(s.end for s in group),
                    versions=versions,
                    missing=tuple(c for c in chosen if c not in versions),
                    differences=_differences(versions, kind) if len(versions) > 1 else (),
                    gold=answered,
                    marked_resolved=key in marked,
                )
            )
    items.sort(key=lambda i: (i.start, i.end, KINDS.index(i.kind), i.key))
    shown = {c: tuple(by_coder.get(c, [])) for c in chosen}
    if gold:
        shown[GOLD] = tuple(gold)
    return Comparison(
        document_id=document_id,
        title=document.title or document.origin,
        text=document.text,
        coders=chosen,
        annotations=shown,
        items=tuple(items),
        resolved_keys=tuple(sorted(marked)),
        gold_coder_id=gold_id,
        min_overlap=min_overlap,
    )


# --- operations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coding:
    """What a gold annotation says: a span and its coding (the accepted or edited version)."""

    kind: str
    start: int
    end: int
    actor_id: str | None = None
    claim_id: str | None = None
    stance: str | None = None
    note: str = ""

    @classmethod
    def of(cls, a: AnnotationRecord) -> Coding:
        return cls(a.kind, a.start, a.end, a.actor_id, a.claim_id, a.stance, a.note)


def _gold_steps(comparison: Comparison) -> tuple[list[ops.Operation], str]:
    """The steps that make the gold coder when it does not exist yet, and its id."""
    if comparison.gold_coder_id is not None:
        return [], comparison.gold_coder_id
    coder = CoderRecord(new_id(), GOLD)
    return [ops.CreateCoder(coder)], coder.id


def _add(comparison: Comparison, coding: Coding, coder_id: str) -> ops.Operation:
    if coding.kind == "mention":
        if coding.actor_id is None:
            raise AnnotatorError("a mention needs an actor")
        return ops.AddMention(
            comparison.document_id, coding.start, coding.end, coding.actor_id, coder_id, coding.note
        )
    if coding.claim_id is None:
        raise AnnotatorError("a statement needs a claim")
    return ops.AddStatement(
        comparison.document_id,
        coding.start,
        coding.end,
        coding.claim_id,
        coder_id,
        speaker_id=coding.actor_id,
        stance=coding.stance,
        note=coding.note,
    )


def set_gold(comparison: Comparison, item: Item, coding: Coding, text: str) -> ops.Operation:
    """Make ``coding`` the gold version of ``item``: the gold annotations pairing with it
    go, one with ``coding`` comes (and the gold coder, the first time). One undo step."""
    steps, gold_id = _gold_steps(comparison)
    steps += [ops.DeleteAnnotation(a.id) for a in item.gold]
    steps.append(_add(comparison, coding, gold_id))
    return ops.Batch(tuple(steps), text)


def accept(comparison: Comparison, item: Item, coder: str) -> ops.Operation:
    """Accept ``coder``'s version of ``item`` as gold."""
    version = item.versions.get(coder)
    if version is None:
        raise AnnotatorError(f"{coder} has no annotation here: mark it resolved instead")
    return set_gold(comparison, item, Coding.of(version), f"accept {coder}'s version")


def accept_all(comparison: Comparison, coder: str) -> ops.Operation:
    """Accept every version ``coder`` has in the document, agreed or not, replacing the
    gold annotations of those items; items the coder left out are left as they are. One
    undo step."""
    steps, gold_id = _gold_steps(comparison)
    chosen = [i for i in comparison.items if coder in i.versions]
    if not chosen:
        raise AnnotatorError(f"{coder} has no annotation in this document")
    gone = {a.id for i in chosen for a in i.gold}
    steps += [ops.DeleteAnnotation(i) for i in sorted(gone)]
    steps += [_add(comparison, Coding.of(i.versions[coder]), gold_id) for i in chosen]
    return ops.Batch(tuple(steps), f"accept all of {coder}'s annotations")


def accept_agreed(comparison: Comparison) -> ops.Operation:
    """Copy into gold every agreed item that has no gold annotation yet (one undo step)."""
    steps, gold_id = _gold_steps(comparison)
    todo = [i for i in comparison.items if i.agreed and not i.gold]
    if not todo:
        raise AnnotatorError("every agreed annotation is in gold already")
    steps += [_add(comparison, Coding.of(next(iter(i.versions.values()))), gold_id) for i in todo]
    return ops.Batch(tuple(steps), "accept the agreed annotations")


def mark_resolved(comparison: Comparison, item: Item, resolved: bool = True) -> ops.Operation:
    """Mark ``item`` resolved without a gold annotation (or take the mark away)."""
    keys = set(comparison.resolved_keys)
    keys = keys | {item.key} if resolved else keys - {item.key}
    value = {"resolved": sorted(keys)} if keys else None
    return ops.SetDocumentExtra(comparison.document_id, EXTRA_KEY, value)

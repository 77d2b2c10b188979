"""Inter-coder agreement of a project (issue #19.3), read-only.

For the documents two or more of the chosen coders coded (a coder codes a document by making
at least one annotation in it), per document and pooled over them:

- αu of the mentions (category: the actor) and of the statements (category: the claim) over
  character positions, for each category and overall (unitizing.py);
- the statements paired across coders (pairing.py) and Krippendorff's nominal α and the
  percent agreement of their claim, speaker and stance (alpha.py);

and the same pooled for each pair of coders. docs/agreement.md explains the figures.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col

from annotator.core import models
from annotator.core.errors import AnnotatorError
from annotator.core.models import name_key
from annotator.core.records import AnnotationRecord
from annotator.services.agreement.alpha import Agreement, alpha
from annotator.services.agreement.pairing import (
    DEFAULT_MIN_OVERLAP,
    CodedStatement,
    pair_statements,
)
from annotator.services.agreement.report import (
    AgreementReport,
    Agreements,
    CategoryAgreement,
    DocumentAgreement,
    LayerAgreement,
    PairAgreement,
    StatementCoding,
)
from annotator.services.agreement.unitizing import (
    GAP,
    Unit,
    UnitizingTally,
    agreement_of,
    category_tallies,
)
from annotator.services.project import ProjectService

_LAYERS: tuple[tuple[str, str, Callable[[AnnotationRecord], str | None]], ...] = (
    ("mentions", "mention", lambda a: a.actor_id),
    ("statements", "statement", lambda a: a.claim_id),
)
_ANY = "any category"
_Variable = tuple[Callable[[CodedStatement], Hashable | None], str]
"""How to read a variable off a statement, and its metric."""
_VARIABLES: dict[str, _Variable] = {
    "claim": (lambda s: s.claim, "nominal"),
    "speaker": (lambda s: s.speaker or "", "nominal"),  # "no speaker" is a choice, not missing
    "stance": (lambda s: s.stance, "nominal"),  # no stance given: missing
}
STANCE_METRICS = ("ordinal", "interval")
GOLD = "gold"
"""The coder adjudication writes to (adjudication.py); left out unless named in ``coders``."""
Progress = Callable[[int, int], None]


def annotation_counts(project: ProjectService) -> dict[str, int]:
    """Coder name -> how many annotations the coder made (every coder, 0 for none): the
    window checks the coders who coded anything."""
    coder = col(models.Annotation.coder_id)
    query = select(coder, func.count()).group_by(coder)
    with project.database.read() as session:
        counts = {coder_id: int(n) for coder_id, n in session.execute(query)}
    return {c.name: counts.get(c.id, 0) for c in project.coders()}


class AgreementCancelledError(AnnotatorError):
    """The caller's ``cancelled`` said stop; nothing was measured."""


@dataclass(frozen=True, slots=True)
class _Context:
    labels: Mapping[str, str]
    """Actor and claim id -> name or label."""
    variables: dict[str, _Variable]


@dataclass(frozen=True, slots=True)
class _Document:
    id: str
    title: str
    length: int
    coded: dict[str, list[AnnotationRecord]]
    """Coder name -> that coder's annotations in the document."""

    def only(self, coders: Sequence[str]) -> _Document:
        coded = {c: a for c, a in self.coded.items() if c in coders}
        return _Document(self.id, self.title, self.length, coded)


@dataclass
class _Measured:
    """One document's tallies and paired statements, kept for pooling."""

    tallies: dict[str, dict[Hashable, UnitizingTally]]
    spans: dict[str, UnitizingTally]
    """Per layer: the tally of every span as one category (where spans are at all)."""
    blank: UnitizingTally
    units: list[tuple[CodedStatement, ...]]
    unpaired: list[CodedStatement]


def measure_agreement(
    project: ProjectService,
    *,
    coders: Sequence[str] = (),
    documents: Sequence[str] = (),
    min_overlap: float = DEFAULT_MIN_OVERLAP,
    stance_order: Sequence[str] = (),
    stance_metric: str = "ordinal",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AgreementReport:
    """Agreement of ``coders`` (names; default: every coder but :data:`GOLD`) on
    ``documents`` (ids; default: all). ``progress(done, total)`` is told how far the work
    is; when ``cancelled()`` turns true it stops with :class:`AgreementCancelledError`.
    With ``stance_order`` (stances from one end of the scale to the other, such as
    support, neutral, oppose), stance is also measured with ``stance_metric`` on those ranks
    (``stance_ordinal`` or ``stance_interval``; a stance not in the order is missing there).
    Raises :class:`AnnotatorError` naming an unknown coder, document or stance."""
    if not 0 < min_overlap <= 1:
        raise AnnotatorError(f"the minimum overlap must be above 0 and at most 1: {min_overlap}")
    variables = dict(_VARIABLES)
    if stance_order:
        variables[f"stance_{stance_metric}"] = _ranked_stance(
            project.info().stance_scale, stance_order, stance_metric
        )
    names = _chosen_coders(project, coders)
    summaries = project.document_summaries_for(list(documents) if documents else None)
    if documents:
        unknown = sorted(set(documents) - {s.id for s in summaries})
        if unknown:
            raise AnnotatorError(f"no document with id {unknown[0]} in this project")
    labels = {a.id: a.name for a in project.actors()} | {c.id: c.label for c in project.claims()}
    context = _Context(labels, variables)
    by_id = {c.id: c.name for c in project.coders() if c.name in names}
    wanted = {s.id for s in summaries}
    coded: dict[str, dict[str, list[AnnotationRecord]]] = defaultdict(lambda: defaultdict(list))
    lengths = {s.id: s.length for s in summaries}
    left_out = 0
    for record in project.annotations():
        if record.document_id not in wanted or record.coder_id not in by_id:
            continue
        if record.anchor_status == "orphaned" or not (
            0 <= record.start < record.end <= lengths[record.document_id]
        ):
            left_out += 1
            continue
        coded[record.document_id][by_id[record.coder_id]].append(record)
    docs = [_Document(s.id, s.title, s.length, dict(coded.get(s.id, {}))) for s in summaries]
    notes = ["a coder counts as having coded a document when they made an annotation in it"]
    if not coders and any(c.name == GOLD for c in project.coders()):
        notes.append(f"the adjudicated coder {GOLD!r} is left out unless named among the coders")
    if left_out:
        notes.append(f"{left_out} annotations left out: orphaned, empty or off their document")
    if len(names) < 2:
        notes.append("agreement needs two or more coders")
    uncoded = sum(1 for d in docs if not d.coded)
    if uncoded:
        notes.append(f"{uncoded} documents have no annotation by these coders")
    both = [d for d in docs if len(d.coded) >= 2]
    steps = _Steps(len(both) * (1 + len(names) * (len(names) - 1) // 2), progress, cancelled)
    measured = [steps.step(_measure(d, min_overlap)) for d in both]
    return AgreementReport(
        coders=tuple(names),
        min_overlap=min_overlap,
        pooled=_pool(measured, context),
        documents=tuple(
            DocumentAgreement(d.id, d.title, tuple(sorted(d.coded)), d.length, _pool([m], context))
            for d, m in zip(both, measured, strict=True)
        ),
        skipped=tuple((d.id, d.title, len(d.coded)) for d in docs if len(d.coded) == 1),
        pairs=_pairs(names, both, min_overlap, context, steps),
        notes=tuple(notes),
    )


class _Steps:
    """Progress over the documents measured (once pooled, once per pair of coders)."""

    def __init__(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total, self.done = total, 0
        self._progress, self._cancelled = progress, cancelled

    def advance(self, count: int = 1) -> None:
        if self._cancelled is not None and self._cancelled():
            raise AgreementCancelledError("agreement cancelled; nothing was measured")
        self.done += count
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)

    def step(self, measured: _Measured) -> _Measured:
        self.advance()
        return measured


def _ranked_stance(scale: Sequence[str], order: Sequence[str], metric: str) -> _Variable:
    if metric not in STANCE_METRICS:
        raise AnnotatorError(f"stance metric {metric!r}: use {' or '.join(STANCE_METRICS)}")
    unknown = [s for s in order if s not in scale]
    if unknown:
        raise AnnotatorError(f"no stance {unknown[0]!r} in this project ({', '.join(scale)})")
    if len(set(order)) != len(order) or len(order) < 2:
        raise AnnotatorError("the stance order needs two or more different stances")
    rank = {stance: index + 1 for index, stance in enumerate(order)}
    return (lambda s: None if s.stance is None else rank.get(s.stance)), metric


def _chosen_coders(project: ProjectService, coders: Sequence[str]) -> list[str]:
    known = project.coders()
    if not coders:
        return sorted((c.name for c in known if c.name != GOLD), key=name_key)
    by_key = {name_key(c.name): c.name for c in known}
    missing = [c for c in coders if name_key(c) not in by_key]
    if missing:
        raise AnnotatorError(f"no coder called {missing[0]!r} in this project")
    return list(dict.fromkeys(by_key[name_key(c)] for c in coders))


def _measure(document: _Document, min_overlap: float) -> _Measured:
    m, length = len(document.coded), document.length
    blank = UnitizingTally()
    blank.observed[GAP, GAP] = blank.squares[GAP] = float(m * length)
    tallies: dict[str, dict[Hashable, UnitizingTally]] = {}
    anywhere: dict[str, UnitizingTally] = {}
    for layer, kind, value in _LAYERS:
        spans = {
            coder: [Unit(a.start, a.end, value(a)) for a in records if a.kind == kind]
            for coder, records in document.coded.items()
        }
        categories = sorted({u.value for units in spans.values() for u in units}, key=str)
        tallies[layer] = category_tallies(spans, length, categories)
        one_category = {
            coder: [Unit(u.start, u.end, _ANY) for u in units] for coder, units in spans.items()
        }
        anywhere[layer] = category_tallies(one_category, length, [_ANY])[_ANY]
    statements = [
        CodedStatement(a.id, coder, a.start, a.end, a.claim_id, a.actor_id, a.stance)
        for coder, records in document.coded.items()
        for a in records
        if a.kind == "statement"
    ]
    pairing = pair_statements(statements, min_overlap)
    return _Measured(tallies, anywhere, blank, list(pairing.units), list(pairing.unpaired))


def _pool(measured: Sequence[_Measured], context: _Context) -> Agreements:
    labels = context.labels
    layers: dict[str, LayerAgreement] = {}
    for layer, _kind, _value in _LAYERS:
        categories = sorted({c for m in measured for c in m.tallies[layer]}, key=str)
        pooled: dict[Hashable, UnitizingTally] = {}
        for category in categories:
            total = pooled[category] = UnitizingTally()
            for m in measured:
                total.add(m.tallies[layer].get(category, m.blank))
        anywhere = UnitizingTally()
        for m in measured:
            anywhere.add(m.spans[layer])
        if categories:
            overall = agreement_of(list(pooled.values()))
        else:
            overall = Agreement(None, reason="no spans in this layer")
        layers[layer] = LayerAgreement(
            overall,
            tuple(
                CategoryAgreement(str(c), labels.get(str(c), str(c)), t.agreement())
                for c, t in sorted(pooled.items(), key=lambda i: labels.get(str(i[0]), ""))
            ),
            sum(t.units for t in pooled.values()),
            anywhere.agreement() if categories else overall,
        )
    units = [u for m in measured for u in m.units]
    unpaired: dict[str, int] = defaultdict(int)
    for m in measured:
        for statement in m.unpaired:
            unpaired[statement.coder] += 1
    variables = {
        name: alpha([[value(s) for s in unit] for unit in units], metric)
        for name, (value, metric) in context.variables.items()
    }
    return Agreements(
        layers, StatementCoding(len(units), dict(sorted(unpaired.items())), variables)
    )


def _pairs(
    names: Sequence[str],
    documents: Sequence[_Document],
    min_overlap: float,
    context: _Context,
    steps: _Steps,
) -> tuple[PairAgreement, ...]:
    if len(names) < 2:
        return ()
    result = []
    for pair in itertools.combinations(names, 2):
        shared = [d.only(pair) for d in documents if all(c in d.coded for c in pair)]
        measured = [_measure(d, min_overlap) for d in shared]
        steps.advance(len(documents))
        result.append(PairAgreement((pair[0], pair[1]), len(shared), _pool(measured, context)))
    return tuple(result)

"""``statement:( … )`` (issue #14.4): conditions that one statement meets together, checked
against plain Python over the statements, on indexes of several segments with deletions."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.search import DocumentEntry, QueryError, StatementEntry
from annotator.core.search.whoosh_index import WhooshIndex

STANCES = ("support", "oppose", "neutral")
CLAIMS = ("Taxation", "Health", "Defence")
CODERS = ("ann", "bob")
QUOTE_WORDS = ("tax", "cuts", "hospital", "army", "budget")


@dataclass(frozen=True)
class Said:
    stance: str
    claim: str
    coder: str
    quote: tuple[str, ...]

    def meets(self, condition: tuple[str, str]) -> bool:
        field, value = condition
        if field == "stance":
            return self.stance == value
        if field == "claim":
            return self.claim == value
        if field == "coder":
            return self.coder == value
        return value in self.quote


statement = st.builds(
    Said,
    st.sampled_from(STANCES),
    st.sampled_from(CLAIMS),
    st.sampled_from(CODERS),
    st.lists(st.sampled_from(QUOTE_WORDS), min_size=1, max_size=3).map(tuple),
)
documents = st.lists(st.lists(statement, max_size=4), min_size=1, max_size=12)
condition = st.one_of(
    st.tuples(st.just("stance"), st.sampled_from(STANCES)),
    st.tuples(st.just("claim"), st.sampled_from(CLAIMS)),
    st.tuples(st.just("coder"), st.sampled_from(CODERS)),
    st.tuples(st.just("word"), st.sampled_from(QUOTE_WORDS)),
)


def _text(condition: tuple[str, str]) -> str:
    field, value = condition
    return value if field == "word" else f"{field}:{value}"


# A scope: conditions joined by AND or OR, some negated; then scopes joined the same way.
scope = st.tuples(
    st.lists(st.tuples(st.booleans(), condition), min_size=1, max_size=3),
    st.sampled_from(("AND", "OR")),
)
query_parts = st.tuples(
    st.lists(st.tuples(st.booleans(), scope), min_size=1, max_size=2),
    st.sampled_from(("AND", "OR")),
)


def _scope_text(part: tuple[list[tuple[bool, tuple[str, str]]], str]) -> str:
    conditions, joiner = part
    inner = f" {joiner} ".join(("NOT " if neg else "") + _text(c) for neg, c in conditions)
    return f"statement:({inner})"


def _scope_holds(part: tuple[list[tuple[bool, tuple[str, str]]], str], said: Said) -> bool:
    conditions, joiner = part
    values = [said.meets(c) != neg for neg, c in conditions]
    return all(values) if joiner == "AND" else any(values)


def _build(folder: Path, docs: list[list[Said]], deleted: set[int]) -> WhooshIndex:
    index = WhooshIndex(folder, "p")
    half = max(1, len(docs) // 2)
    batches = [range(0, half), range(half, len(docs))]
    for number, batch in enumerate(batches):
        entries: list[DocumentEntry | StatementEntry] = []
        for d in batch:
            said = docs[d]
            text = " ".join(" ".join(s.quote) for s in said) or "nothing"
            entries.append(
                DocumentEntry(
                    f"d{d}",
                    "",
                    "",
                    None,
                    text,
                    claims=tuple(sorted({s.claim for s in said})),
                    stances=tuple(sorted({s.stance for s in said})),
                    coders=tuple(sorted({s.coder for s in said})),
                )
            )
            for n, s in enumerate(said):
                entries.append(
                    StatementEntry(
                        f"d{d}s{n}",
                        f"d{d}",
                        " ".join(s.quote),
                        "",
                        "",
                        (s.claim,),
                        s.stance,
                        s.coder,
                    )
                )
        if number == 0:
            index.rebuild(entries, watermark=1)
        elif entries:
            index.update([f"d{d}" for d in batch], entries, watermark=2)
    gone = [f"d{d}" for d in sorted(deleted) if d < len(docs)]
    if gone:
        index.update(gone, [], watermark=3)
    return index


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(docs=documents, parts=query_parts, deleted=st.sets(st.integers(0, 11), max_size=3))
def test_scoped_conditions_hold_in_one_statement(docs, parts, deleted):
    scopes, joiner = parts
    text = f" {joiner} ".join(("NOT " if neg else "") + _scope_text(p) for neg, p in scopes)
    if all(neg for neg, _ in scopes):
        text = f"({text}) OR nothing"  # a query needs something positive
    expected = set()
    for d, said in enumerate(docs):
        if d in deleted:
            continue
        values = [any(_scope_holds(p, s) for s in said) != neg for neg, p in scopes]
        holds = all(values) if joiner == "AND" else any(values)
        if holds or (all(neg for neg, _ in scopes) and not said):
            expected.add(f"d{d}")
    with tempfile.TemporaryDirectory() as folder:
        index = _build(Path(folder), docs, deleted)
        try:
            outcome = index.search(text, limit=1000)
        finally:
            index.close()
    assert outcome.total == len(outcome.hits)
    assert {hit.id for hit in outcome.hits} == expected, text


def test_the_statements_a_document_is_found_by_are_named_and_marked(tmp_path):
    docs = [
        [Said("oppose", "Taxation", "ann", ("tax",)), Said("support", "Health", "ann", ("cuts",))],
        [
            Said("oppose", "Health", "bob", ("hospital",)),
            Said("support", "Taxation", "ann", ("army",)),
        ],
    ]
    index = _build(tmp_path, docs, set())
    texts = {"d0": "tax cuts", "d1": "hospital army"}
    spans = {"d0s0": (0, 3), "d0s1": (4, 8), "d1s0": (0, 8), "d1s1": (9, 13)}
    # Per document, both match; in one statement, only the first.
    assert {h.id for h in index.search("stance:oppose AND claim:Taxation", limit=9).hits} == {
        "d0",
        "d1",
    }
    outcome = index.search(
        "statement:(stance:oppose AND claim:Taxation)",
        limit=9,
        texts=lambda ids: {i: texts[i] for i in ids},
        spans=lambda ids: {i: spans[i] for i in ids},
    )
    ((hit,),) = [outcome.hits]
    assert (hit.id, hit.statements) == ("d0", ("d0s0",))
    assert [(m.start, m.end) for m in hit.marks] == [(0, 3)]
    # Under NOT, a scope finds no statements to show.
    negated = index.search(
        "hospital AND NOT statement:(stance:neutral)",
        limit=9,
        texts=lambda ids: {i: texts[i] for i in ids},
        spans=lambda ids: {i: spans[i] for i in ids},
    )
    assert [(h.id, h.statements) for h in negated.hits] == [("d1", ())]
    index.close()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("statement:stance:oppose", "in brackets"),
        ("statement:(title:x)", "field of the document"),
        ("statement:(date:2024)", "field of the document"),
        ("statement:(statement:(tax))", "cannot hold another"),
        ("statement:( )", "nothing inside"),
    ],
)
def test_what_a_statement_cannot_meet_is_refused_with_a_message(tmp_path, query, message):
    index = _build(tmp_path, [[Said("oppose", "Taxation", "ann", ("tax",))]], set())
    with pytest.raises(QueryError, match=message):
        index.search(query, limit=5)
    index.close()


def test_a_scope_in_quotes_is_words():
    from annotator.core.search.scope import cut_scopes

    assert cut_scopes('"statement:(x)" tax').scopes == ()
    assert cut_scopes('speaker:"Kim Jong Un" tax').scopes == ('actor:"Kim Jong Un"',)
    assert cut_scopes("statement:(speaker:kcna stance:oppose)").scopes == (
        "actor:kcna stance:oppose",
    )

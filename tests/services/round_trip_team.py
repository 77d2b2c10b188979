"""The team round trip of issue #19.5 on constructed data: a lead project, three coding
packages with overlapping documents, three coders coding them (through the services, with
their own coder names), and the figures agreement must give, computed here independently
of the services (positions one by one, pairs of pieces and of values one by one, exact
fractions).

- ann's package holds D1, D2, D3; she codes D1 and D2 and rightly finds nothing in D3;
- bob's holds D1, D2, D3 and he codes all three;
- cy's holds D2 and D3 and she codes both.

``CODING`` lists every annotation as (document, coder, quote, occurrence, kind, actor or
speaker, claim, stance).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from annotator.core.exporters.formula_guard import unguard
from annotator.services.agreement.adjudication import Comparison, Item
from annotator.services.project import ProjectService
from tests.services.naive_agreement import CodedSpan
from tests.services.naive_agreement import naive_alpha as naive_alpha
from tests.services.naive_agreement import naive_alpha_u as naive
from tests.services.team_making import add_coded, add_corpus, quote_span

TEXTS = {
    "D1": "Kim met Putin in Moscow. Putin praised the deal.",
    "D2": "Seoul said Pyongyang sent troops. Moscow denied it.",
    "D3": "Beijing urged calm. Washington sent more sanctions.",
}
TITLES = {"D1": "Kim in Moscow", "D2": "Troops claim", "D3": "Sanctions call"}
ACTORS: tuple[str, ...] = ("Kim Jong Un", "Vladimir Putin", "South Korea", "North Korea")
ACTORS += ("Russia", "China", "United States")
COOP, SANCTIONS = "Military cooperation", "Sanctions"
CLAIMS = (COOP, SANCTIONS)
PACKAGES = {"ann": ("D1", "D2", "D3"), "bob": ("D1", "D2", "D3"), "cy": ("D2", "D3")}

Span = tuple[str, str, str, int, str, str | None, str | None, str | None]
CODING: tuple[Span, ...] = (
    ("D1", "ann", "Kim", 0, "mention", "Kim Jong Un", None, None),
    ("D1", "ann", "Putin", 0, "mention", "Vladimir Putin", None, None),
    ("D1", "ann", "Putin praised the deal", 0, "statement", "Vladimir Putin", COOP, "support"),
    ("D2", "ann", "Seoul", 0, "mention", "South Korea", None, None),
    ("D2", "ann", "Pyongyang", 0, "mention", "North Korea", None, None),
    ("D2", "ann", "Pyongyang sent troops", 0, "statement", "South Korea", COOP, "support"),
    ("D2", "ann", "Moscow denied it", 0, "statement", "Russia", COOP, "oppose"),
    ("D1", "bob", "Kim", 0, "mention", "Kim Jong Un", None, None),
    ("D1", "bob", "Putin", 1, "mention", "Vladimir Putin", None, None),
    ("D1", "bob", "praised the deal", 0, "statement", "Vladimir Putin", COOP, "support"),
    ("D2", "bob", "Seoul", 0, "mention", "South Korea", None, None),
    ("D2", "bob", "Pyongyang", 0, "mention", "Russia", None, None),
    ("D2", "bob", "Seoul said Pyongyang sent troops", 0, "statement", "South Korea", COOP,
     "support"),
    ("D2", "bob", "Moscow denied it", 0, "statement", "Russia", COOP, "neutral"),
    ("D3", "bob", "Beijing", 0, "mention", "China", None, None),
    ("D3", "bob", "Washington sent more sanctions", 0, "statement", "United States",
     SANCTIONS, "support"),
    ("D2", "cy", "Seoul", 0, "mention", "South Korea", None, None),
    ("D2", "cy", "Pyongyang sent troops", 0, "statement", "South Korea", COOP, "support"),
    ("D2", "cy", "Moscow denied it", 0, "statement", "Russia", SANCTIONS, "oppose"),
    ("D3", "cy", "Beijing", 0, "mention", "China", None, None),
    ("D3", "cy", "Washington", 0, "mention", "United States", None, None),
    ("D3", "cy", "Beijing urged calm", 0, "statement", "China", SANCTIONS, "neutral"),
    ("D3", "cy", "Washington sent more sanctions", 0, "statement", "United States",
     SANCTIONS, "oppose"),
)  # fmt: skip

# The paired statements, read off CODING by hand (Jaccard overlap of the spans ≥ 0.5):
# D1 "Putin praised the deal" ~ "praised the deal" (16/22); D2 "Pyongyang sent troops" (ann,
# cy) ~ "Seoul said Pyongyang sent troops" (21/32); D2 "Moscow denied it" (all three); D3
# "Washington sent more sanctions" (bob, cy). cy's "Beijing urged calm" pairs with nothing.
UNITS = {
    "claim": [[COOP] * 2, [COOP] * 3, [COOP, COOP, SANCTIONS], [SANCTIONS] * 2],
    "speaker": [["Putin"] * 2, ["South Korea"] * 3, ["Russia"] * 3, ["United States"] * 2],
    "stance": [["support"] * 2, ["support"] * 3, ["oppose", "neutral", "oppose"],
               ["support", "oppose"]],
}  # fmt: skip
UNPAIRED = {"cy": 1}


def span_of(document: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    return quote_span(TEXTS[document], quote, occurrence)


def annotated(document: str) -> list[str]:
    """The coders who made an annotation in ``document``."""
    return sorted({coder for d, coder, *_ in CODING if d == document})


def assigned(document: str) -> list[str]:
    """The coders whose package held ``document``."""
    return sorted(coder for coder, held in PACKAGES.items() if document in held)


@dataclass
class TeamLead:
    path: Path
    documents: dict[str, str]
    """"D1".. -> document id."""
    actors: dict[str, str]
    claims: dict[str, str]


def make_team_lead(path: Path) -> TeamLead:
    """The lead's project at ``path`` (closed again): the documents and the codebook."""
    with ProjectService.create(path, name="Round trip") as project:
        corpus = add_corpus(project, TEXTS, TITLES, ACTORS, CLAIMS)
    return TeamLead(path, corpus.documents, corpus.actors, corpus.claims)


def code_package(path: Path, coder: str, lead: TeamLead) -> int:
    """``coder`` opens their package at ``path`` and codes it as CODING says; how many
    annotations they made."""
    made = 0
    with ProjectService.open(path) as package:
        coder_id = package.ensure_coder(coder).id
        for document, who, quote, occurrence, kind, actor, claim, stance in CODING:
            if who != coder:
                continue
            span = span_of(document, quote, occurrence)
            add_coded(package, lead, coder_id, document, span, kind, actor, claim, stance)
            made += 1
    return made


# --- the figures, computed naively ---------------------------------------------------------


def naive_alpha_u(
    layer: str, compared: Mapping[str, Sequence[str]], coding: Sequence[Span] = CODING
) -> Fraction:
    """The naive αu (naive_agreement.py) of ``layer`` ("mentions" or "statements"), pooled
    over the documents of ``compared`` (document -> the coders compared there, annotated or
    not)."""
    kind = "mention" if layer == "mentions" else "statement"
    spans: list[CodedSpan] = []
    for d, c, quote, occ, k, actor, claim, _stance in coding:
        category = actor if kind == "mention" else claim
        if k == kind and category is not None:
            spans.append((d, c, *span_of(d, quote, occ), category))
    return naive({d: len(TEXTS[d]) for d in compared}, compared, spans)


# --- helpers of the round trip tests ---------------------------------------------------


def item(comparison: Comparison, kind: str, document: str, quote: str) -> Item:
    start, end = span_of(document, quote)
    return next(i for i in comparison.items if i.kind == kind and i.start <= start and end <= i.end)


def compared_documents() -> dict[str, list[str]]:
    """Document -> the coders agreement compares there: every coder whose package held it
    (ann, who found nothing in D3, too)."""
    return {d: assigned(d) for d in TEXTS}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: unguard(v) for k, v in row.items()} for row in csv.DictReader(handle)]

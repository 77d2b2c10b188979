"""A constructed three-coder project (issue #19.3/19.4) for the agreement window, its export
and adjudication: real sentences, three coders who agree on some things and not on others.

- Document A (Austin): coded by ann, bob and cy.
- Document B (Putin): coded by ann and bob.
- Document C (Seoul): coded by ann only (skipped by agreement).

``SPANS`` lists every annotation as (document, coder, kind, quote, coding) so that tests can
compute the expected figures from it independently of the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.services.project import ProjectService
from tests.services.team_making import add_coded, add_corpus, quote_span

TEXTS = {
    "A": (
        "Lloyd Austin said North Korea has sent 10,000 soldiers to Russia. "
        "KCNA called the claim a smear. Seoul demanded new sanctions on Pyongyang."
    ),
    "B": (
        "Vladimir Putin thanked Kim Jong Un for his support. "
        "The Kremlin denied that North Korean troops were fighting."
    ),
    "C": "Seoul said the talks with Pyongyang had failed.",
}
TITLES = {"A": "Austin on troops", "B": "Putin thanks Kim", "C": "Seoul on talks"}
ACTORS: tuple[str, ...] = ("Lloyd Austin", "North Korea", "KCNA", "South Korea")
ACTORS += ("Vladimir Putin", "Kim Jong Un", "Russia")
CLAIMS = ("NK troops in Ukraine war", "Sanctions on North Korea")
TROOPS, SANCTIONS = CLAIMS

S1 = "North Korea has sent 10,000 soldiers to Russia"
S1_WIDE = "Lloyd Austin said North Korea has sent 10,000 soldiers to Russia"
S2 = "KCNA called the claim a smear"
S3 = "Seoul demanded new sanctions on Pyongyang"
S3_SHORT = "demanded new sanctions on Pyongyang"
B1 = "The Kremlin denied that North Korean troops were fighting"

# (document, coder, quote, occurrence, kind, actor or speaker, claim, stance)
Span = tuple[str, str, str, int, str, str | None, str | None, str | None]
SPANS: tuple[Span, ...] = (
    # Document A
    ("A", "ann", "Lloyd Austin", 0, "mention", "Lloyd Austin", None, None),
    ("A", "ann", "North Korea", 0, "mention", "North Korea", None, None),
    ("A", "ann", "KCNA", 0, "mention", "KCNA", None, None),
    ("A", "ann", "Seoul", 0, "mention", "South Korea", None, None),
    ("A", "ann", S1, 0, "statement", "Lloyd Austin", TROOPS, "support"),
    ("A", "ann", S2, 0, "statement", "KCNA", TROOPS, "oppose"),
    ("A", "ann", S3, 0, "statement", "South Korea", SANCTIONS, "support"),
    ("A", "bob", "Lloyd Austin", 0, "mention", "Lloyd Austin", None, None),
    ("A", "bob", "North Korea", 0, "mention", "North Korea", None, None),
    ("A", "bob", "KCNA", 0, "mention", "KCNA", None, None),
    ("A", "bob", "Pyongyang", 0, "mention", "North Korea", None, None),
    ("A", "bob", S1_WIDE, 0, "statement", "Lloyd Austin", TROOPS, "support"),
    ("A", "bob", S2, 0, "statement", "KCNA", TROOPS, "neutral"),
    ("A", "bob", S3_SHORT, 0, "statement", "South Korea", SANCTIONS, "support"),
    ("A", "cy", "Austin", 0, "mention", "Lloyd Austin", None, None),
    ("A", "cy", "North Korea", 0, "mention", "North Korea", None, None),
    ("A", "cy", "KCNA", 0, "mention", "North Korea", None, None),
    ("A", "cy", "Seoul", 0, "mention", "South Korea", None, None),
    ("A", "cy", S1, 0, "statement", "Lloyd Austin", TROOPS, "support"),
    ("A", "cy", "10,000 soldiers", 0, "statement", None, TROOPS, "support"),
    ("A", "cy", S3, 0, "statement", "South Korea", TROOPS, "support"),
    # Document B
    ("B", "ann", "Vladimir Putin", 0, "mention", "Vladimir Putin", None, None),
    ("B", "ann", "Kim Jong Un", 0, "mention", "Kim Jong Un", None, None),
    ("B", "ann", B1, 0, "statement", "Russia", TROOPS, "oppose"),
    ("B", "bob", "Vladimir Putin", 0, "mention", "Vladimir Putin", None, None),
    ("B", "bob", "Kim Jong Un", 0, "mention", "Kim Jong Un", None, None),
    ("B", "bob", "Kremlin", 0, "mention", "Russia", None, None),
    ("B", "bob", B1, 0, "statement", "Russia", TROOPS, "oppose"),
    # Document C
    ("C", "ann", "Seoul", 0, "mention", "South Korea", None, None),
)


def span_of(document: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    return quote_span(TEXTS[document], quote, occurrence)


@dataclass
class AgreementTeam:
    path: Path
    documents: dict[str, str]
    """"A", "B", "C" -> document id."""
    actors: dict[str, str]
    claims: dict[str, str]
    coders: dict[str, str]


def build_team(path: Path) -> AgreementTeam:
    """The project file at ``path`` (closed again), coded as SPANS says."""
    with ProjectService.create(path, name="Troops team") as project:
        corpus = add_corpus(project, TEXTS, TITLES, ACTORS, CLAIMS)
        coders = {name: project.ensure_coder(name).id for name in ("ann", "bob", "cy")}
        for document, coder, quote, occurrence, kind, actor, claim, stance in SPANS:
            span = span_of(document, quote, occurrence)
            add_coded(project, corpus, coders[coder], document, span, kind, actor, claim, stance)
    return AgreementTeam(path, corpus.documents, corpus.actors, corpus.claims, coders)

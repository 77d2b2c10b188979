"""Projects for the network tests: the worked example of docs/networks.md and random ones,
with an independent, statement-by-statement computation of the weights to compare with."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.conftest import make_document

VALUES = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}


@dataclass
class Example:
    path: Path
    ids: dict[str, str] = field(default_factory=dict)
    """Name (Alice, Bob, Carol, Sanctions, Talks, Security, ...) -> id."""
    statements: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    """(speaker name, claim label, stance, document) as coded."""

    def node(self, name: str) -> str:
        kind = "actor" if name in ("Alice", "Bob", "Carol", "Dan") else "claim"
        return f"{kind}:{self.ids[name]}"


# The worked example of docs/networks.md: (speaker, claim, stance, document).
EXAMPLE_STATEMENTS = [
    ("Alice", "Sanctions", "support", "January"),
    ("Alice", "Sanctions", "support", "March"),
    ("Alice", "Talks", "oppose", "January"),
    ("Bob", "Sanctions", "support", "January"),
    ("Bob", "Talks", "support", "March"),
    ("Carol", "Sanctions", "oppose", "March"),
    ("Carol", "Talks", "neutral", "March"),
]
EXAMPLE_DATES = {"January": dt.date(2024, 1, 10), "March": dt.date(2024, 3, 5)}


def build_example(path: Path) -> Example:
    """The example project: three actors, claims Sanctions and Talks under Security, two
    articles; plus a statement without a speaker and one by Dan on a claim outside the tree
    (Weather) by another coder, which the filters must leave out."""
    example = Example(path, statements=list(EXAMPLE_STATEMENTS))
    with ProjectService.create(path) as project:
        coder = project.ensure_coder("ann").id
        other = project.ensure_coder("ben").id
        for name in ("Alice", "Bob", "Carol", "Dan"):
            op = ops.CreateActor.new(name, "person")
            project.apply(op)
            example.ids[name] = op.actor.id
        root = ops.CreateClaim.new("Security")
        project.apply(root)
        example.ids["Security"] = root.claim.id
        for label in ("Sanctions", "Talks"):
            child = ops.CreateClaim.new(label, parent_id=root.claim.id)
            project.apply(child)
            example.ids[label] = child.claim.id
        weather = ops.CreateClaim.new("Weather")
        project.apply(weather)
        example.ids["Weather"] = weather.claim.id
        for title, date in EXAMPLE_DATES.items():
            article = make_document(
                f"{title} article. " + "Words of the article. " * 20,
                title=title,
                published_at=date,
                origin=f"{title}.txt",
            )
            project.apply(ops.AddDocuments((article,)))
            example.ids[title] = article.id
        for n, (speaker, claim, stance, document) in enumerate(EXAMPLE_STATEMENTS):
            project.apply(
                ops.AddStatement(
                    example.ids[document],
                    n * 5,
                    n * 5 + 4,
                    example.ids[claim],
                    coder,
                    speaker_id=example.ids[speaker],
                    stance=stance,
                )
            )
        january = example.ids["January"]
        project.apply(ops.AddStatement(january, 60, 70, example.ids["Talks"], coder))
        project.apply(
            ops.AddStatement(
                january,
                80,
                90,
                example.ids["Weather"],
                other,
                speaker_id=example.ids["Dan"],
                stance="support",
            )
        )
    return example


@dataclass(frozen=True)
class Coded:
    actor: str
    claim: str
    value: float | None


def random_project(path: Path, seed: int) -> list[Coded]:
    """A project of random statements (some without stance, some without speaker); returns
    the statements that have a speaker."""
    rng = random.Random(seed)
    coded: list[Coded] = []
    with ProjectService.create(path) as project:
        coder = project.ensure_coder("ann").id
        actors, claims = [], []
        for n in range(rng.randint(3, 7)):
            op = ops.CreateActor.new(f"Actor {n}", "organization")
            project.apply(op)
            actors.append(op.actor.id)
        for n in range(rng.randint(2, 5)):
            claim_op = ops.CreateClaim.new(f"Claim {n}")
            project.apply(claim_op)
            claims.append(claim_op.claim.id)
        document = make_document("Text. " * 200)
        project.apply(ops.AddDocuments((document,)))
        for n in range(rng.randint(10, 60)):
            actor = rng.choice([*actors, None]) if n % 7 == 0 else rng.choice(actors)
            claim = rng.choice(claims)
            stance = rng.choice([*VALUES, None])
            project.apply(
                ops.AddStatement(
                    document.id, n, n + 3, claim, coder, speaker_id=actor, stance=stance
                )
            )
            if actor is not None:
                coded.append(Coded(actor, claim, None if stance is None else VALUES[stance]))
    return coded


def expected_two_mode(
    coded: list[Coded], qualifier: str, normalize: str = "none"
) -> dict[tuple[str, str], float]:
    used = [s for s in coded if qualifier == "ignore" or s.value is not None]
    weights: dict[tuple[str, str], float] = {}
    for s in used:
        key = (f"actor:{s.actor}", f"claim:{s.claim}")
        value = 1.0 if qualifier == "ignore" else s.value
        assert value is not None
        weights[key] = weights.get(key, 0.0) + value
    for (actor, claim), weight in weights.items():
        if normalize == "activity":
            weight /= sum(1 for s in used if f"actor:{s.actor}" == actor)
        elif normalize == "prominence":
            weight /= sum(1 for s in used if f"claim:{s.claim}" == claim)
        weights[actor, claim] = weight
    return weights


def expected_one_mode(
    coded: list[Coded], kind: str, normalize: str, mode: str = "actors", value_range: float = 2.0
) -> dict[frozenset[str], float]:
    """One-mode weights straight from the definitions: a sum over every pair of statements
    of two nodes on the same claim (or by the same actor, for claims). ``kind`` ignore is
    the co-occurrence of ``--qualifier ignore``."""
    if mode == "claims":
        coded = [Coded(s.claim, s.actor, s.value) for s in coded]
    prefix = "actor:" if mode == "actors" else "claim:"
    used = [s for s in coded if kind == "ignore" or s.value is not None]
    nodes = sorted({s.actor for s in used})
    weights: dict[frozenset[str], float] = {}
    for a, b in combinations(nodes, 2):
        total = 0.0
        for s in (s for s in used if s.actor == a):
            for t in (t for t in used if t.actor == b and t.claim == s.claim):
                total += _agreement(s, t, kind, value_range)
        total /= _norm(used, a, b, normalize, by_stance=kind != "ignore")
        if total != 0:
            weights[frozenset((prefix + a, prefix + b))] = total
    return weights


def _agreement(s: Coded, t: Coded, kind: str, value_range: float) -> float:
    if kind == "ignore":
        return 1.0
    assert s.value is not None
    assert t.value is not None
    d = abs(s.value - t.value) / value_range
    return {"congruence": 1 - d, "conflict": d, "subtract": 1 - 2 * d}[kind]


def _norm(used: list[Coded], a: str, b: str, normalize: str, *, by_stance: bool) -> float:
    of_a = [s for s in used if s.actor == a]
    of_b = [s for s in used if s.actor == b]
    if normalize == "average":
        return (len(of_a) + len(of_b)) / 2
    if normalize == "cosine":
        ca, cb = Counter(s.claim for s in of_a), Counter(s.claim for s in of_b)
        return math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(
            sum(v * v for v in cb.values())
        )
    if normalize == "jaccard":
        cells_a = Counter((s.claim, s.value if by_stance else None) for s in of_a)
        cells_b = Counter((s.claim, s.value if by_stance else None) for s in of_b)
        only_a = sum(n for cell, n in cells_a.items() if cell not in cells_b)
        only_b = sum(n for cell, n in cells_b.items() if cell not in cells_a)
        both = sum(cells_a[cell] * cells_b[cell] for cell in cells_a.keys() & cells_b.keys())
        return only_a + only_b + both
    return 1.0

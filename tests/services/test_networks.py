"""Discourse networks (issue #20): the worked example of docs/networks.md, the filters, and
random projects against an independent computation."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from annotator.services import operations as ops
from annotator.services.networks import (
    Network,
    NetworkOptions,
    NetworkOptionsError,
    Period,
    build_networks,
    parse_stance_values,
)
from annotator.services.project import ProjectService
from tests.conftest import make_document
from tests.services.network_projects import (
    Example,
    build_example,
    expected_one_mode,
    expected_two_mode,
    random_project,
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return build_example(tmp_path_factory.mktemp("example") / "example.annot")


def network(example: Example, **options) -> Network:
    with ProjectService.open(example.path, read_only=True) as project:
        result = build_networks(project, NetworkOptions(**options))
    assert len(result.networks) == 1
    return result.networks[0]


def weights(example: Example, net: Network) -> dict[tuple[str, ...], float]:
    """Edge weights keyed by the sorted names of their ends."""
    names = {example.node(name): name for name in example.ids if name not in EXAMPLE_DOCS}
    return {tuple(sorted((names[e.source], names[e.target]))): e.weight for e in net.edges}


EXAMPLE_DOCS = ("January", "March")
BASE: dict[str, Any] = {"claims": "Security", "coders": ("ann",)}


def test_two_mode_of_the_example(example):
    assert weights(example, network(example, **BASE)) == {
        ("Alice", "Sanctions"): 2,
        ("Alice", "Talks"): 1,
        ("Bob", "Sanctions"): 1,
        ("Bob", "Talks"): 1,
        ("Carol", "Sanctions"): 1,
        ("Carol", "Talks"): 1,
    }
    subtract = weights(example, network(example, qualifier="subtract", **BASE))
    assert subtract[("Alice", "Talks")] == -1
    assert subtract[("Carol", "Sanctions")] == -1
    assert subtract[("Carol", "Talks")] == 0  # an edge: Carol spoke on Talks
    combine = weights(example, network(example, qualifier="combine", **BASE))
    assert combine[("Alice", "Sanctions")] == 1  # support
    assert combine[("Carol", "Sanctions")] == 2  # oppose
    assert combine[("Carol", "Talks")] == 4  # neutral
    activity = weights(example, network(example, normalize="activity", **BASE))
    assert activity[("Alice", "Sanctions")] == pytest.approx(2 / 3)
    prominence = weights(example, network(example, normalize="prominence", **BASE))
    assert prominence[("Alice", "Sanctions")] == 0.5
    assert prominence[("Bob", "Talks")] == pytest.approx(1 / 3)


EXAMPLE_ONE_MODE: dict[tuple[str, str], dict[tuple[str, str], float]] = {
    ("congruence", "none"): {("Alice", "Bob"): 2, ("Alice", "Carol"): 0.5, ("Bob", "Carol"): 0.5},
    ("conflict", "none"): {("Alice", "Bob"): 1, ("Alice", "Carol"): 2.5, ("Bob", "Carol"): 1.5},
    ("subtract", "none"): {("Alice", "Bob"): 1, ("Alice", "Carol"): -2, ("Bob", "Carol"): -1},
    ("congruence", "average"): {
        ("Alice", "Bob"): 0.8,
        ("Alice", "Carol"): 0.2,
        ("Bob", "Carol"): 0.25,
    },
    ("congruence", "jaccard"): {
        ("Alice", "Bob"): 0.5,
        ("Alice", "Carol"): 0.1,
        ("Bob", "Carol"): 0.125,
    },
    ("congruence", "cosine"): {
        ("Alice", "Bob"): 2 / math.sqrt(10),
        ("Alice", "Carol"): 0.5 / math.sqrt(10),
        ("Bob", "Carol"): 0.25,
    },
}


@pytest.mark.parametrize(("kind", "normalize"), list(EXAMPLE_ONE_MODE))
def test_one_mode_of_the_example(example, kind, normalize):
    found = weights(example, network(example, type=kind, normalize=normalize, **BASE))
    expected = EXAMPLE_ONE_MODE[kind, normalize]
    assert found.keys() == {tuple(sorted(pair)) for pair in expected}
    for pair, weight in expected.items():
        assert found[tuple(sorted(pair))] == pytest.approx(weight, abs=1e-12)


def test_statement_counts_of_the_example(example):
    net = network(example, type="congruence", **BASE)
    counts = {n.label: n.statements for n in net.nodes}
    assert counts == {"Alice": 3, "Bob": 2, "Carol": 2}
    behind = {tuple(sorted((e.source, e.target))): e.statements for e in net.edges}
    assert behind[tuple(sorted((example.node("Alice"), example.node("Bob"))))] == 5
    assert behind[tuple(sorted((example.node("Bob"), example.node("Carol"))))] == 4
    assert net.attributes["statements"] == 7
    assert net.attributes["stance_range"] == 2


def test_claim_networks_of_the_example(example):
    congruence = network(example, type="congruence", mode="claims", **BASE)
    assert [e.weight for e in congruence.edges] == [1.5]
    assert congruence.edges[0].statements == 7
    conflict = network(example, type="conflict", mode="claims", **BASE)
    assert [e.weight for e in conflict.edges] == [2.5]


def test_qualifier_ignore_counts_co_occurrence(example):
    found = weights(example, network(example, type="congruence", qualifier="ignore", **BASE))
    assert found == {("Alice", "Bob"): 3, ("Alice", "Carol"): 3, ("Bob", "Carol"): 2}


def test_duplicates_per_year_count_alice_once(example):
    found = weights(example, network(example, type="congruence", duplicates="year", **BASE))
    assert found[("Alice", "Bob")] == 1
    same = weights(example, network(example, type="congruence", duplicates="document", **BASE))
    assert same[("Alice", "Bob")] == 2


def test_filters_leave_out_other_claims_coders_and_speakerless_statements(example):
    everything = network(example)
    assert {n.label for n in everything.nodes} >= {"Dan", "Weather"}
    assert everything.attributes["statements"] == 8  # the one without a speaker is left out
    only_ben = network(example, coders=("BEN",))
    assert {n.label for n in only_ben.nodes} == {"Dan", "Weather"}
    with ProjectService.open(example.path, read_only=True) as project:
        result = build_networks(project, NetworkOptions(**BASE))
    assert result.skipped["without a speaker"] == 1


def test_a_stance_filter_keeps_only_statements_of_that_stance(example):
    """Alice opposes Talks, Carol opposes Sanctions: nothing else is an oppose statement."""
    only_oppose = network(example, **BASE, stances=("oppose",))
    assert weights(example, only_oppose) == {("Alice", "Talks"): 1, ("Carol", "Sanctions"): 1}
    assert only_oppose.attributes["statements"] == 2


def test_time_windows_of_the_example(example):
    with ProjectService.open(example.path, read_only=True) as project:
        result = build_networks(
            project,
            NetworkOptions(
                type="conflict",
                date_from=dt.date(2024, 1, 1),
                date_to=dt.date(2024, 3, 31),
                window=Period.parse("1m"),
                **BASE,
            ),
        )
    spans = [(n.attributes["window_start"], n.attributes["window_end"]) for n in result.networks]
    assert spans == [
        ("2024-01-01", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-03-01", "2024-03-31"),
    ]
    january, february, march = (weights(example, n) for n in result.networks)
    assert january == {}  # Alice and Bob agree on Sanctions
    assert february == {}
    assert march == {("Alice", "Carol"): 1, ("Bob", "Carol"): 0.5}
    assert [n.attributes["statements"] for n in result.networks] == [3, 0, 4]


def test_duplicates_are_dropped_within_each_window(example):
    # Alice supports Sanctions in January and again in March: with one statement per year,
    # each monthly window still keeps its own, so March's conflict with Carol stays.
    with ProjectService.open(example.path, read_only=True) as project:
        result = build_networks(
            project,
            NetworkOptions(
                type="conflict",
                duplicates="year",
                date_from=dt.date(2024, 1, 1),
                window=Period.parse("1m"),
                step=Period.parse("2m"),
                **BASE,
            ),
        )
    assert [n.attributes["window_start"] for n in result.networks] == ["2024-01-01", "2024-03-01"]
    assert weights(example, result.networks[1]) == {("Alice", "Carol"): 1, ("Bob", "Carol"): 0.5}


def test_overlapping_windows_step_from_the_first_day():
    options = NetworkOptions(
        window=Period.parse("1y"),
        step=Period.parse("6m"),
        date_from=dt.date(2020, 1, 31),
        date_to=dt.date(2021, 1, 1),
    )
    from annotator.services.networks import time_windows

    assert time_windows(options, []) == [
        (dt.date(2020, 1, 31), dt.date(2021, 1, 30)),
        (dt.date(2020, 7, 31), dt.date(2021, 7, 30)),
    ]


def test_range_comes_from_the_scale_not_from_the_stances_used(tmp_path, example):
    # Only support and neutral occur on Talks among Bob and Carol: range 2 (the scale's),
    # so they are half in conflict, not wholly as a range taken from the data would say.
    found = weights(example, network(example, type="conflict", claims="Talks"))
    assert found == {("Bob", "Carol"): 0.5, ("Alice", "Bob"): 1, ("Alice", "Carol"): 0.5}
    wider = weights(
        example,
        network(
            example,
            type="conflict",
            claims="Talks",
            stance_values=parse_stance_values("support=2,oppose=-2,neutral=0"),
        ),
    )
    assert wider == found  # the same scale stretched: the same distances


def test_a_stance_never_coded_still_sets_the_range(tmp_path):
    # No one opposes anything: the range is still the scale's (2), not that of the stances
    # coded (1), so support against neutral is half a conflict, not a whole one.
    with ProjectService.create(tmp_path / "p.annot") as project:
        coder = project.ensure_coder("ann").id
        claim = ops.CreateClaim.new("Talks")
        project.apply(claim)
        document = make_document("Text. " * 20)
        project.apply(ops.AddDocuments((document,)))
        for n, stance in enumerate(("support", "neutral")):
            actor = ops.CreateActor.new(f"Actor {n}")
            project.apply(actor)
            project.apply(
                ops.AddStatement(
                    document.id, n, n + 2, claim.claim.id, coder, actor.actor.id, stance
                )
            )
        net = build_networks(project, NetworkOptions(type="conflict")).networks[0]
    assert [e.weight for e in net.edges] == [0.5]


def test_bad_options_are_refused(example):
    for options in (
        NetworkOptions(type="congruence", normalize="activity"),
        NetworkOptions(type="two-mode", normalize="jaccard"),
        NetworkOptions(type="congruence", qualifier="combine"),
        NetworkOptions(qualifier="combine", normalize="activity"),
        NetworkOptions(step=Period.parse("1m")),
        NetworkOptions(claims="No such claim"),
        NetworkOptions(coders=("nobody",)),
        NetworkOptions(stances=("maybe",)),
        NetworkOptions(stance_values={"maybe": 1}),
    ):
        with (
            ProjectService.open(example.path, read_only=True) as project,
            pytest.raises(NetworkOptionsError),
        ):
            build_networks(project, options)
    for text in ("support", "support=x", "=1", ""):
        with pytest.raises(NetworkOptionsError):
            parse_stance_values(text)
    for text in ("0m", "1q", "y"):
        with pytest.raises(NetworkOptionsError):
            Period.parse(text)


def test_a_custom_scale_needs_values(tmp_path):
    with ProjectService.create(tmp_path / "p.annot", stance_scale=("pro", "contra")) as project:
        with pytest.raises(NetworkOptionsError, match="pro"):
            build_networks(project, NetworkOptions())
        values = parse_stance_values("pro=1,contra=0")
        assert build_networks(project, NetworkOptions(stance_values=values)).networks


@pytest.mark.parametrize("seed", range(4))
def test_random_projects_match_an_independent_computation(tmp_path, seed):
    path = tmp_path / "random.annot"
    coded = random_project(path, seed)
    with ProjectService.open(path, read_only=True) as project:
        for qualifier in ("ignore", "subtract"):
            for normalize in ("none", "activity", "prominence"):
                options = NetworkOptions(qualifier=qualifier, normalize=normalize)
                net = build_networks(project, options).networks[0]
                found = {(e.source, e.target): e.weight for e in net.edges}
                assert found == pytest.approx(expected_two_mode(coded, qualifier, normalize))
        for mode in ("actors", "claims"):
            for kind in ("congruence", "conflict", "subtract", "ignore"):
                for normalize in ("none", "average", "jaccard", "cosine"):
                    if kind == "ignore":
                        options = NetworkOptions(
                            type="congruence", qualifier="ignore", mode=mode, normalize=normalize
                        )
                    else:
                        options = NetworkOptions(type=kind, mode=mode, normalize=normalize)
                    net = build_networks(project, options).networks[0]
                    pairs = {frozenset((e.source, e.target)): e.weight for e in net.edges}
                    expected = expected_one_mode(coded, kind, normalize, mode)
                    assert pairs.keys() == expected.keys(), (mode, kind, normalize)
                    for pair, weight in expected.items():
                        assert pairs[pair] == pytest.approx(weight, abs=1e-9)


def test_no_statement_in_the_dates_gives_no_window(tmp_path: Path, example):
    with ProjectService.open(example.path, read_only=True) as project:
        result = build_networks(
            project, NetworkOptions(window=Period.parse("1m"), date_from=dt.date(2030, 1, 1))
        )
    assert result.networks == ()


def test_an_unknown_format_is_refused_before_any_work(example, tmp_path):
    from annotator.core.errors import AnnotatorError
    from annotator.services.networks import export_networks

    with (
        ProjectService.open(example.path, read_only=True) as project,
        pytest.raises(AnnotatorError, match="no network format"),
    ):
        export_networks(project, NetworkOptions(), "xls", tmp_path / "net.xls")
    assert not (tmp_path / "net.xls").exists()

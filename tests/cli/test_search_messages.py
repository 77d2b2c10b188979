"""Malformed searches are usage errors with a message, never a traceback or a silent
"nothing found" (issue #13.6, #14.7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.search.conditions import unknown_values


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "demo.annot"
    assert main(["init", str(path), "--demo"]) == 0
    return path


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('date:"a b"', "the date 'a b' cannot be read"),
        ('date:"2023 2024"', "the date '2023 2024' cannot be read"),
        ("date:2024-13-45", "the date '2024-13-45' cannot be read"),
        ("a~", "too short for a fuzzy search"),
        ("x~2/1", "too short for a fuzzy search"),
        ("korea " * 1000, "characters long; the most is 4,000"),
        # A space after the colon: the hint shows the field's own form (brackets for
        # statement:), not "e.g. statement:word".
        ("statement: (", "no space may follow 'statement:'"),
        ("statement: (stance:support)", "e.g. statement:(stance:support AND claim:troops)"),
        ("title: korea", "no space may follow 'title:'"),
        ("korea AND OR russia", "'AND' needs something to search for on each side"),
        ("(korea NOT ) russia", "'NOT' needs something to search for after it"),
        ("korea AND", "'AND' needs something to search for on each side"),
        ("OR korea", "'OR' needs something to search for on each side"),
    ],
)
def test_a_malformed_query_exits_2_and_says_why(demo, capsys, query, words):
    code, out, err = run(capsys, "search", demo, query)
    assert code == 2
    assert words in err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_a_limit_below_one_is_a_usage_error(demo, capsys, limit):
    with pytest.raises(SystemExit) as caught:
        main(["search", str(demo), "korea", "--limit", limit])
    assert caught.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_slop_zero_is_the_exact_phrase(demo, capsys):
    def hits(query: str) -> list[str]:
        code, out, err = run(capsys, "search", demo, query, "--json")
        assert code == 0, err
        return [hit["document_id"] for hit in json.loads(out)["hits"]]

    exact = hits('"kim jong"')
    assert exact
    assert hits('"kim jong"~0') == exact


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("stance:xyz", "no stance 'xyz' in this project, so stance:xyz matches nothing"),
        ("claim:NoSuchClaim", "no claim in this project's codebook has the word 'NoSuchClaim'"),
        (
            "korea AND statement:(claim:troops AND stance:maybe)",
            "no stance 'maybe' in this project",
        ),
    ],
)
def test_a_stance_or_claim_that_exists_nowhere_is_said(demo, capsys, query, note):
    code, out, err = run(capsys, "search", demo, query)
    assert code == 0
    assert f"annotator: note: {note}" in err
    assert out.startswith("0 documents match")
    code, out, err = run(capsys, "search", demo, query, "--json")
    assert any(note in said for said in json.loads(out)["notes"])


@pytest.mark.parametrize(
    "query", ["stance:support", "claim:troops", "statement:(stance:support AND claim:troops)"]
)
def test_a_stance_or_claim_of_the_project_gets_no_note(demo, capsys, query):
    code, out, err = run(capsys, "search", demo, query, "--json")
    assert code == 0
    assert json.loads(out)["notes"] == []
    assert json.loads(out)["total"] > 0
    assert "note:" not in err


def test_search_help_sums_up_the_query_language(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["search", "--help"])
    assert caught.value.code == 0
    shown = capsys.readouterr().out
    for part in ("a ANDNOT b", "precedence: NOT, then AND", "??ection", "Arsnal~", "speaker:"):
        assert part in shown
    assert "statement:(stance:support AND claim:troops)" in shown


def _demo_codebook() -> tuple[list[str], list[str]]:
    seeds = Path(__file__).parents[2] / "seeds" / "codebook.json"
    book = json.loads(seeds.read_text(encoding="utf-8"))
    labels: list[str] = []
    pending = list(book["claims"])
    while pending:
        claim = pending.pop()
        labels.append(claim["label"])
        pending.extend(claim.get("children", []))
    return book["stance_scale"], labels


def test_the_query_examples_use_the_demo_codebook(capsys):
    """The README's and --help's stance: and claim: examples exist in the demo project."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    quoted = re.findall(r"`([^`]*(?:claim|stance):[^`]*)`", readme)
    assert any("claim:" in q for q in quoted)
    examples = "\n".join([*quoted, capsys.readouterr().out])
    stances, claims = _demo_codebook()
    assert unknown_values(examples, stances, claims) == []

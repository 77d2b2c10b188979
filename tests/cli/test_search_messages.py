"""Malformed searches are usage errors with a message, never a traceback or a silent
"nothing found" (issue #13.6, #14.7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main


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

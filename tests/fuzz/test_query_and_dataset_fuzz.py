"""Random queries at `search` and random datasets at `load` (issue #13, "Done when"): every
one ends in results or a message (QueryError, a rejected row, AnnotatorError), never another
exception, and none runs longer than 5 s (hypothesis' deadline: a hang guard, not a speed
measurement)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.services.dataset_load import load_dataset
from annotator.services.project import ProjectService
from annotator.services.search import QueryError, SearchService

EXPLORE = os.environ.get("HYPOTHESIS_EXPLORE")
PIECES = [
    "korea", "kim", "putin", "russ*", "k?m", "pyongyng~", "ab~2/1", "x~", "~", "*", "?",
    '"', '"kim jong"', '"kim jong"~3', '"a b"~0', "(", ")", "[", "]", "{", "}", "AND", "OR",
    "NOT", "ANDNOT", "TO", "title:", "source:", "date:", "date:2024", "date:[2023 TO 2024]",
    "date:2024-13-45", 'date:"a b"', "actor:", 'actor:"Kim Jong Un"', "actor:nobody",
    "claim:", "stance:oppose", "coder:", "unknown:", "^2", "\\", ":", "制裁", "José",
    "Jose\u0301", "😊", "\u202e", "\0", " ",
]  # fmt: skip
queries = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), min_size=1, max_size=12).map(
    " ".join
)


@pytest.fixture(scope="module")
def search(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path
) -> Iterator[SearchService]:
    path = tmp_path_factory.mktemp("fuzz") / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path, read_only=True) as project:
        service = SearchService(project, folder=path.parent / "index")
        service.ensure_current()
        yield service
        service.index.close()


@settings(
    max_examples=150,
    deadline=5000,
    derandomize=EXPLORE is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=queries)
def test_any_query_gives_results_or_a_message(search: SearchService, text: str) -> None:
    try:
        results = search.search(text, limit=20)
    except QueryError as error:
        message = str(error)
    else:
        message = "results"
        assert results.total >= len(results.hits)
    assert message.strip()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
KEYS = [
    "statement_id", "document_sha256", "start", "end", "quote", "speaker", "speaker_id",
    "claim", "claim_id", "claim_path", "stance", "coder", "created_at", "updated_at", "note",
]  # fmt: skip
rows = st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=10)
lines = st.lists(
    rows.map(lambda row: json.dumps(row).encode()) | st.binary(max_size=40), max_size=6
)


@settings(
    max_examples=60,
    deadline=5000,
    derandomize=EXPLORE is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=lines)
def test_any_dataset_file_loads_or_is_rejected_with_a_message(
    demo_template: Path, content: list[bytes]
) -> None:
    with tempfile.TemporaryDirectory(prefix="annotator-fuzz-") as scratch:
        folder = Path(scratch)
        shutil.copy(demo_template, folder / "p.annot")
        dataset = folder / "statements.jsonl"
        data = b"\n".join(content)
        dataset.write_bytes(data)
        with ProjectService.open(folder / "p.annot") as project:
            try:
                report, _changes, _undo = load_dataset(project, dataset)
            except AnnotatorError as error:
                refusal = str(error)
            else:
                refusal = ""
                counted = sum(sum(counter.values()) for counter in report.counts.values())
                assert counted == sum(1 for line in data.split(b"\n") if line.strip())
                assert len(report.messages) == report.total("rejected")
        assert refusal == "" or refusal.strip()

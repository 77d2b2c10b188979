"""``a ANDNOT b`` excludes every document holding b, on indexes of several segments with
deletions (Whoosh's own matcher kept a segment's first match unchecked: issue #14.3)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search.schema import text_words
from tests.core.search.segmented import found, segmented_index

WORDS = ["blair", "brown", "iraq", "vote", "labour"]

texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
batches = st.lists(st.lists(texts, min_size=1, max_size=6), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(
    batches=batches,
    deleted=st.sets(st.integers(0, 20), max_size=5),
    a=st.sampled_from(WORDS),
    b=st.sampled_from(WORDS),
)
def test_andnot_is_and_not_on_segmented_indexes_with_deletions(batches, deleted, a, b):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches, deleted)
        try:
            expected = {i for i, t in live.items() if a in text_words(t) and b not in text_words(t)}
            assert found(index, f"{a} ANDNOT {b}") == expected
            assert found(index, f"{a} AND NOT {b}") == expected
            assert index.search(f"{a} ANDNOT {b}", limit=1).total == len(expected)
        finally:
            index.close()


def test_andnot_checks_a_segments_first_match():
    # b's first document comes before a's: Whoosh did not skip b forward to a's first
    # document, so "blair" (d1, holding brown too) was kept.
    with tempfile.TemporaryDirectory() as folder:
        index, _ = segmented_index(Path(folder) / "ix", [["brown", "blair brown", "blair"]])
        try:
            assert found(index, "blair ANDNOT brown") == {"d2"}
        finally:
            index.close()


@settings(max_examples=80, deadline=None)
@given(
    batches=batches,
    deleted=st.sets(st.integers(0, 20), max_size=5),
    b=st.sampled_from(WORDS),
    c=st.sampled_from(WORDS),
)
def test_not_never_lists_a_deleted_document(batches, deleted, b, c):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches, deleted)
        try:
            without = {i for i, t in live.items() if b not in text_words(t)}
            assert found(index, f"NOT {b}") == without
            either = without | {i for i, t in live.items() if c in text_words(t)}
            assert found(index, f"(NOT {b}) OR {c}") == either
        finally:
            index.close()


def test_not_skips_a_deleted_document_after_the_last_excluded_one():
    # Whoosh stopped skipping deleted documents once the negated term's documents ran out:
    # "NOT brown" listed d2, deleted, after d1, the segment's last "brown".
    with tempfile.TemporaryDirectory() as folder:
        index, _ = segmented_index(Path(folder) / "ix", [["blair", "brown", "blair"]], {2})
        try:
            assert found(index, "NOT brown") == {"d0"}
        finally:
            index.close()


def test_andnot_whose_first_part_runs_out_while_skipping_ends_quietly():
    # Found by the reference matcher: the intersection skipped "ga* ANDNOT election" past
    # its last document, and Whoosh then asked the exhausted prefix for its id (IndexError).
    with tempfile.TemporaryDirectory() as folder:
        index, _ = segmented_index(Path(folder) / "ix", [["gas", "election"]])
        try:
            assert found(index, "election AND (ga* ANDNOT election)") == set()
            assert found(index, "gas AND (ga* ANDNOT election)") == {"d0"}
        finally:
            index.close()


@settings(max_examples=60, deadline=None)
@given(
    batches=batches,
    deleted=st.sets(st.integers(0, 20), max_size=5),
    a=st.sampled_from(WORDS),
    b=st.sampled_from(WORDS),
)
def test_andmaybe_matches_a_and_require_matches_both(batches, deleted, a, b):
    # As README's query section says: b after ANDMAYBE only ranks, after REQUIRE it must hold.
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches, deleted)
        try:
            with_a = {i for i, t in live.items() if a in text_words(t)}
            with_b = {i for i, t in live.items() if b in text_words(t)}
            assert found(index, f"{a} ANDMAYBE {b}") == with_a
            assert found(index, f"{a} REQUIRE {b}") == with_a & with_b
        finally:
            index.close()

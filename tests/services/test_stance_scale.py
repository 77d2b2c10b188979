"""Editing the stance scale (Edit → Preferences, #21.4): values added, reordered and renamed
in one operation; a renamed value recodes the statements that carry it, in the same step."""

from __future__ import annotations

import pytest

from annotator.core.errors import OperationRefusedError
from annotator.services import operations as ops
from annotator.services.search import SearchService
from tests.conftest import Coded
from tests.services.test_operations import _statement, snapshot


def _stances(coded: Coded) -> dict[str, str | None]:
    return {a.id: a.stance for a in coded.project.annotations(coded.document.id)}


def _three_statements(coded: Coded) -> None:
    for number, stance in enumerate(("support", "oppose", "neutral"), start=1):
        coded.project.apply(_statement(coded, id=f"s{number}", stance=stance))


def test_a_rename_recodes_its_statements_and_the_undo_puts_them_back(coded: Coded):
    _three_statements(coded)
    before = snapshot(coded.project)
    updated = {a.id: a.updated_at for a in coded.project.annotations(coded.document.id)}
    inverse, changes = coded.project.apply(
        ops.SetStanceScale(("pro", "oppose", "neutral"), (("support", "pro"),))
    )
    assert coded.project.info().stance_scale == ("pro", "oppose", "neutral")
    assert _stances(coded) == {"s1": "pro", "s2": "oppose", "s3": "neutral"}
    # A renamed value is a codebook change, like a renamed claim: the coding's time stays.
    assert {a.id: a.updated_at for a in coded.project.annotations(coded.document.id)} == updated
    assert changes.annotations == {"s1"}
    assert changes.annotated_documents == {coded.document.id}
    assert changes.project
    coded.project.apply(inverse)
    assert snapshot(coded.project) == before


def test_two_values_can_swap_names(coded: Coded):
    _three_statements(coded)
    before = snapshot(coded.project)
    inverse, _ = coded.project.apply(
        ops.SetStanceScale(
            ("oppose", "support", "neutral"), (("support", "oppose"), ("oppose", "support"))
        )
    )
    assert _stances(coded) == {"s1": "oppose", "s2": "support", "s3": "neutral"}
    coded.project.apply(inverse)
    assert snapshot(coded.project) == before


@pytest.mark.parametrize(
    ("scale", "renames", "message"),
    [
        # Merging two values: the undo could not tell their statements apart again.
        (("oppose", "neutral"), (("support", "oppose"),), "'support' and 'oppose' would both"),
        (("pro", "oppose", "neutral"), (("maybe", "pro"),), "'maybe' is not on the stance"),
        (("pro", "oppose", "neutral"), (("support", "against"),), "which the scale lacks"),
        (("pro", "oppose", "neutral"), (("support", "pro"), ("support", "x")), "renamed twice"),
        (("support", "neutral"), (), r"statements still use 'oppose' \(1\)"),
    ],
)
def test_renames_that_would_lose_or_merge_codes_are_refused(coded, scale, renames, message):
    _three_statements(coded)
    before = snapshot(coded.project)
    with pytest.raises(OperationRefusedError, match=message):
        coded.project.apply(ops.SetStanceScale(scale, renames))
    assert snapshot(coded.project) == before


def test_a_renamed_stance_is_found_by_search_under_its_new_name(coded: Coded):
    coded.project.apply(_statement(coded, id="s1", stance="support"))
    search = SearchService(coded.project)
    search.ensure_current()
    try:
        assert search.search("stance:support").total == 1
        coded.project.apply(
            ops.SetStanceScale(("backing", "oppose", "neutral"), (("support", "backing"),))
        )
        assert search.ensure_current() == "updated 1 document(s)"
        assert search.search("stance:backing").total == 1
        assert search.search("stance:support").total == 0
    finally:
        search.close()

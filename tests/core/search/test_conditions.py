"""stance: and claim: values that exist nowhere in the project are said, not silently
matched by nothing (issue #14); values of the project, patterns and quoted text are not."""

from __future__ import annotations

import pytest

from annotator.core.search.conditions import unknown_values

STANCES = ["support", "oppose", "neutral"]
CLAIMS = ["North Korea supplies arms to Russia", "Sanctions on North Korea should be enforced"]


@pytest.mark.parametrize(
    ("query", "unknown"),
    [
        ("stance:xyz", ["stance:xyz"]),
        ("stance:SUPPORT OR stance:Oppose^2", []),
        ("claim:NoSuchClaim", ["claim:NoSuchClaim"]),
        ("claim:sanction claim:supplied", []),  # stemmed, as the index compares them
        ('claim:"arms to Russia"', []),
        ('claim:"arms to China"', ['claim:"arms to China"']),
        ("statement:(claim:Taxation AND stance:maybe)", ["claim:Taxation", "stance:maybe"]),
        ("claim:tax* OR claim:taxaton~ OR stance:sup?ort", []),  # patterns are not checked
        ('"claim:Taxation" stance:support', []),  # quoted: words of a phrase
    ],
)
def test_values_that_exist_nowhere_are_named(query, unknown):
    notes = unknown_values(query, STANCES, CLAIMS)
    assert len(notes) == len(unknown)
    for note, condition in zip(notes, unknown, strict=True):
        assert f"so {condition} matches nothing" in note

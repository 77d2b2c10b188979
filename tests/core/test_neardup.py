"""Near-duplicate sketches (issue #17.1), checked against plain-Python Jaccard similarity
of word 5-gram sets, on the edits that paragraph hashes missed: a case change, one full
stop, a paragraph break, and edits inside one long paragraph."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.neardup import (
    RECENT,
    SCHEME,
    THRESHOLD,
    K,
    NearDuplicateIndex,
    Sketch,
    similarity,
    sketch,
)

_VOCABULARY = (
    "the ministry said talks with pyongyang over sanctions would go on officials told "
    "reporters in seoul on thursday after a meeting of envoys from both countries who "
    "agreed to meet again next month while critics warned that the plan lacked detail "
    "and could fail if either side walked away from the table before elections"
)
WORDS = _VOCABULARY.split()


def _story(seed: int, sentences: int = 30) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        out.append(" ".join(words).capitalize() + f" {rng.randrange(10**6)}.")
    # One long paragraph: what a paragraph hash cannot see inside.
    return "Talks go on\n\n" + " ".join(out) + "\n"


def jaccard(a: str, b: str) -> float:
    """The reference: exact Jaccard of the word 5-gram sets, in plain Python."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[^\W_]+", text.casefold())
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}

    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def _edit_words(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    for position in rng.sample(range(len(words)), int(len(words) * share)):
        words[position] = "edited"
    return " ".join(words)


@pytest.mark.parametrize(
    "edit",
    [
        str.upper,
        lambda text: text.replace(" 1", ". 1", 1),  # one full stop more
        lambda text: text.replace(". ", ".\n\n", 1),  # a paragraph break
        lambda text: text.replace("\n\n", "\n\n\n"),
    ],
    ids=["case", "full stop", "paragraph break", "blank line"],
)
def test_copies_differing_in_case_punctuation_or_breaks_score_one(edit):
    story = _story(1)
    copy = edit(story)
    assert copy != story
    assert similarity(sketch(story), sketch(copy)) == 1.0


@pytest.mark.parametrize("share", [0.01, 0.03, 0.06, 0.1, 0.2, 0.35, 0.6])
def test_edits_inside_a_long_paragraph_are_estimated_like_exact_jaccard(share):
    story = _story(2, sentences=60)
    edited = _edit_words(story, share, seed=3)
    exact = jaccard(story, edited)
    estimate = similarity(sketch(story), sketch(edited))
    # Bottom-k standard error: sqrt(J(1-J)/K) <= 0.0625; allow 3.5 of them.
    assert abs(estimate - exact) <= 3.5 * (exact * (1 - exact) / K) ** 0.5 + 1e-9


def test_the_estimate_is_exact_for_short_texts():
    a = "Kim met Putin in Vladivostok on Thursday and they discussed weapons and rockets."
    b = "Kim met Putin in Vladivostok on Friday and they discussed weapons and rockets."
    assert similarity(sketch(a), sketch(b)) == pytest.approx(jaccard(a, b))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10**6),
    st.floats(0.0, 0.5),
    st.integers(10, 80),
)
def test_the_estimate_follows_jaccard_on_random_edits(seed, share, sentences):
    story = _story(seed, sentences)
    edited = _edit_words(story, share, seed + 1)
    exact = jaccard(story, edited)
    estimate = similarity(sketch(story), sketch(edited))
    assert abs(estimate - exact) <= 4.5 * (exact * (1 - exact) / K) ** 0.5 + 1e-9


def test_the_index_flags_near_duplicates_and_not_stories_on_the_same_topic():
    stories = [_story(seed) for seed in range(40)]
    index = NearDuplicateIndex()
    for number, story in enumerate(stories):
        assert index.add(f"s{number}", sketch(story)) == []  # same words, other stories
    # A re-edit (new headline, a byline, one sentence of ten changed) and a copy in capitals.
    rewritten = "Envoys to meet again\n\nBy Wire Desk\n\n" + _edit_words(stories[7], 0.02, 1)
    assert jaccard(rewritten, stories[7]) >= THRESHOLD
    ((key, score),) = index.add("r", sketch(rewritten))
    assert key == "s7"
    assert score == pytest.approx(jaccard(rewritten, stories[7]), abs=0.2)
    assert index.add("u", sketch(stories[12].upper())) == [("s12", 1.0)]
    half = stories[3][: len(stories[3]) // 3]
    assert jaccard(half, stories[3]) < THRESHOLD
    assert index.add("h", sketch(half)) == []


def test_a_boilerplate_sentence_shared_by_many_texts_does_not_make_them_duplicates():
    boilerplate = "Reporting by the wire desk in the capital; editing by the night editor."
    index = NearDuplicateIndex()
    for number in range(60):
        index.add(str(number), sketch(_story(100 + number, 12) + "\n" + boilerplate))
    assert index.add("new", sketch(_story(999, 12) + "\n" + boilerplate)) == []


def test_sketches_survive_json_and_refuse_another_scheme():
    original = sketch(_story(5))
    stored = original.to_json()
    assert stored["scheme"] == SCHEME
    assert Sketch.from_json(stored) == original
    assert Sketch.from_json({**stored, "scheme": "w5k64-00000000"}) is None
    assert Sketch.from_json([[1, 2]]) is None  # the old paragraph fingerprints
    assert Sketch.from_json({**stored, "minima": "not base64!"}) is None


def test_texts_without_words_are_never_duplicates_of_each_other():
    index = NearDuplicateIndex()
    index.add("a", sketch("— … —"))
    assert index.add("b", sketch("« »")) == []


def test_a_story_copied_many_times_is_found_through_its_copies_and_old_ones_stay_found():
    # Candidates through a much-shared value come from the texts added last (RECENT), which
    # keeps an import linear where many texts share sentences; the story is still flagged.
    story = _story(2)
    index = NearDuplicateIndex()
    index.add("original", sketch(story))
    for number in range(3 * RECENT):
        index.add(f"copy{number}", sketch(_edit_words(story, 0.01, number)))
    for number in range(50):
        index.add(f"other{number}", sketch(_story(500 + number)))
    found = dict(index.matches(sketch(_edit_words(story, 0.01, 9999))))
    assert len(found) >= RECENT
    assert f"copy{3 * RECENT - 1}" in found
    assert all(score >= THRESHOLD for score in found.values())
    # A story copied a few times is found whenever it came: its values are rare.
    lone = _story(77)
    index.add("lone", sketch(lone))
    for number in range(200):
        index.add(f"later{number}", sketch(_story(1000 + number)))
    assert [key for key, _ in index.matches(sketch(_edit_words(lone, 0.02, 1)))] == ["lone"]


def test_recall_and_precision_on_a_labelled_set_of_edited_copies():
    # 150 stories, each with a copy edited at a random share of its words (0-15%: exact
    # Jaccard from 1 down to about 0.2) among 150 other stories, all in one index. Every
    # copy whose exact Jaccard (plain Python) is 0.6 or more must be flagged as a copy of its
    # original, and nothing must be flagged below 0.35 (the estimate's error margin).
    rng = random.Random(11)
    index = NearDuplicateIndex()
    for n in range(150):
        index.add(f"other{n}", sketch(_story(10_000 + n)))
    labelled = []
    for n in range(150):
        original = _story(n)
        copy = _edit_words(original, rng.uniform(0.0, 0.15), seed=n)
        index.add(f"original{n}", sketch(original))
        found = dict(index.add(f"copy{n}", sketch(copy)))
        labelled.append((jaccard(original, copy), found))
    missed = [
        j for j, found in labelled if j >= 0.6 and not any(k.startswith("original") for k in found)
    ]
    wrong = [j for j, found in labelled if j < 0.35 and found]
    assert sum(1 for j, _ in labelled if j >= 0.6) >= 50  # the set holds enough true copies
    assert missed == []
    assert wrong == []
    assert all(not any(k.startswith("other") for k in found) for _, found in labelled)

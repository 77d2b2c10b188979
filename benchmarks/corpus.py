"""Corpora for the benchmarks: a folder of .txt articles given with ``--corpus``, or one
generated from the seed articles.

The generated articles recombine the seeds' sentences and replace a share of their words
with words drawn from a Zipf distribution over a vocabulary that grows with the corpus (the
seeds' own words first, then made-up words), so that, as in real news, a few words are in
every article and most are rare (Heaps' and Zipf's laws). Without that, every word of the five
seeds would be in nearly every article, and every search would score thousands of hits, which
no real corpus does. No two articles are the same.
"""

from __future__ import annotations

import collections
import itertools
import random
import re
from pathlib import Path

from annotator.core.paths import data_dir
from annotator.core.text import normalize_text

_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+")


def _seed_sentences() -> tuple[list[str], list[str]]:
    sentences: list[str] = []
    for path in sorted(data_dir("seeds").glob("*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8"))
        for paragraph in text.split("\n"):
            sentences.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if len(s) > 40)
    counts = collections.Counter(w for s in sentences for w in _WORD.findall(s))
    return sentences, [word for word, _n in counts.most_common()]  # most frequent first


_SYLLABLES = (
    "ka",
    "lo",
    "mir",
    "san",
    "tov",
    "ber",
    "ang",
    "dre",
    "vel",
    "osk",
    "ur",
    "im",
    "pol",
    "zen",
    "tar",
    "vin",
    "has",
    "rek",
    "ul",
    "mon",
)


def _vocabulary(seed_words: list[str], size: int, rng: random.Random) -> list[str]:
    words = list(seed_words)
    made: set[str] = {w.lower() for w in words}
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in made:
            made.add(word)
            words.append(word.capitalize() if rng.random() < 0.3 else word)
    return words


def generate(folder: Path, count: int, *, seed: int = 2225) -> list[Path]:
    """Write ``count`` generated articles (about 2.3 KB each) into ``folder``."""
    rng = random.Random(seed)
    sentences, seed_words = _seed_sentences()
    # Heaps' law, roughly as in news: some 40,000 words for 2,000 articles.
    vocabulary = _vocabulary(seed_words, int(900 * count**0.5), rng)
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(vocabulary))))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        body = []
        for sentence in rng.sample(sentences, rng.randint(10, 22)):
            words = sentence.split(" ")
            for _ in range(max(1, len(words) // 6)):
                position = rng.randrange(len(words))
                if _WORD.fullmatch(words[position]):
                    words[position] = rng.choices(vocabulary, cum_weights=weights)[0]
            body.append(" ".join(words))
        title = " ".join(rng.choice(sentences).split(" ")[:9]).rstrip(",.;:")
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        path = folder / f"article_{number:06d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def read_corpus(folder: Path) -> list[Path]:
    """The .txt articles of a folder (recursively), in name order."""
    return sorted(folder.rglob("*.txt"))

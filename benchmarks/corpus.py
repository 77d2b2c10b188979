"""Corpora for the benchmarks: a folder of .txt articles given with ``--corpus``, or one
generated from the seed articles.

The generated articles recombine the seeds' sentences, with a share of their words replaced
by other words of the seeds' vocabulary, so that the texts have news-like length, vocabulary
and word frequencies, and no two are the same.
"""

from __future__ import annotations

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
    vocabulary = sorted({w for s in sentences for w in _WORD.findall(s)})
    return sentences, vocabulary


def generate(folder: Path, count: int, *, seed: int = 2225) -> list[Path]:
    """Write ``count`` generated articles (about 2.3 KB each) into ``folder``."""
    rng = random.Random(seed)
    sentences, vocabulary = _seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        body = []
        for sentence in rng.sample(sentences, rng.randint(10, 22)):
            words = sentence.split(" ")
            for _ in range(max(1, len(words) // 6)):
                position = rng.randrange(len(words))
                if _WORD.fullmatch(words[position]):
                    words[position] = rng.choice(vocabulary)
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

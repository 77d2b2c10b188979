"""Near-duplicate articles: one story twice, with the case changed, a full stop or a
paragraph break added, a byline or a paragraph dropped, or words edited inside a paragraph.

Exact duplicates (the same normalised text) are refused by the importer; near ones are
imported and flagged, for the analyst. A text's :class:`Sketch` has two parts:

- ``words``: a digest of its words, lower-cased and without punctuation or line structure, so
  texts that differ only in case, punctuation or paragraph breaks are found at once (score 1);
- ``minima``: a bottom-k MinHash sketch of its word 5-gram shingles (the :data:`K` smallest
  shingle hashes). Two sketches estimate the Jaccard similarity of the texts' shingle sets
  (Broder 1997; Cohen & Kaplan 2007): of the K smallest hashes of the union, the share found
  in both. An edit changes only the five shingles around it, so a story edited inside its
  paragraphs stays close, unlike with hashes of whole paragraphs (which any edit breaks).

Pairs scoring :data:`THRESHOLD` or more are near-duplicates. Candidates come from an inverted
index of sketch values, so a batch is never compared pair by pair.

Speed: ~0.1 ms for a 2.3 KB article (benchmarks/neardup_bench.py). Every step runs in C:
words by a bytes regex, word hashes by CRC-32, shingle hashes by hashing 5-tuples of ints
(``map(hash, zip(...))``). Python's hash of a tuple of ints is not salted per process (unlike
that of a str), but the algorithm could change between Python versions, so a sketch records
:data:`SCHEME`, which includes the hash of a fixed tuple: a sketch made another way is not
compared, and is made again from the text.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

K = 64
"""Sketch size: the Jaccard estimate's standard error is about sqrt(J(1-J)/K), 0.06 at 0.5."""
SHINGLE = 5
THRESHOLD = 0.5
"""Estimated Jaccard similarity of word 5-gram sets at and above which two texts are flagged
(a story re-edited in one sentence of ten scores ~0.8; two stories on one event ~0.05)."""
COMMON = 1000
"""A sketch value found in more texts than this (a shingle of boilerplate) finds no
candidates: counting through its list would cost more than it tells."""
RECENT = 16
PROBES = 32
"""Candidates are looked up through a text's PROBES smallest values, not all K: a text at
the threshold holds about half of them too (a quarter is asked), at half the cost."""
"""Of a value found in more texts than this, only the texts added last are candidates
through it. Counting every text of every value made an import quadratic where many texts
share sentences (22,250 generated articles: 31 s instead of 4); a true near-duplicate shares
about half its values, most of them rare, and a story copied many times is still found
through its latest copies."""
SCHEME = f"w{SHINGLE}k{K}-{hash((1, 2, 3, 4, 5)) & 0xFFFFFFFF:08x}"
"""How sketches are made here; one made under another scheme is not comparable."""

# Punctuation that is a separator between words, like ASCII punctuation: typographic quotes
# and dashes, the ellipsis, guillemets, no-break spaces.
_SEPARATORS = "’‘“”„–—…«»\u00a0\u2009\u202f"
_WORD_BYTES = b"0123456789abcdefghijklmnopqrstuvwxyz" + bytes(range(0x80, 0x100))
_TO_SPACE = bytes(byte if byte in _WORD_BYTES else 0x20 for byte in range(256))
"""A word is a run of ASCII letters and digits and non-ASCII characters (UTF-8 bytes) once
the separators above are out; every other byte separates. ``bytes.translate`` and ``split``
do this ~5x as fast as ``re.findall(r"\\w+")`` on str."""


@dataclass(frozen=True, slots=True)
class Sketch:
    words: str
    """Digest of the normalised words; empty for a text without words."""
    minima: tuple[int, ...]
    """The K smallest shingle hashes (top 32 bits of each, which keeps their order),
    ascending."""

    def to_json(self) -> dict[str, Any]:
        packed = struct.pack(f"<{len(self.minima)}i", *self.minima)
        return {"scheme": SCHEME, "words": self.words, "minima": base64.b64encode(packed).decode()}

    @classmethod
    def from_json(cls, value: Any) -> Sketch | None:
        """The sketch stored by :meth:`to_json`; None when it is not one of this scheme."""
        if not isinstance(value, dict) or value.get("scheme") != SCHEME:
            return None
        try:
            packed = base64.b64decode(value["minima"], validate=True)
            minima = struct.unpack(f"<{len(packed) // 4}i", packed)
        except (KeyError, TypeError, ValueError, struct.error):
            return None
        return cls(str(value.get("words", "")), tuple(minima))


def words(text: str) -> list[bytes]:
    """The words of ``text`` as compared: lower case, without punctuation (UTF-8)."""
    lowered = text.lower()
    for separator in _SEPARATORS:
        if separator in lowered:  # the check is much cheaper than a replace that finds none
            lowered = lowered.replace(separator, " ")
    return lowered.encode("utf-8").translate(_TO_SPACE).split()


def _shingles(hashes: list[int]) -> set[int]:
    """Hashes of the word 5-grams, from the words' hashes (all the words when fewer)."""
    if len(hashes) < SHINGLE:
        return {hash(tuple(hashes))} if hashes else set()
    return set(map(hash, zip(*(hashes[i:] for i in range(SHINGLE)), strict=False)))


def sketch(text: str) -> Sketch:
    """The sketch of ``text`` (stable across runs and machines of one :data:`SCHEME`)."""
    hashes = list(map(zlib.crc32, words(text)))
    digest = f"{hash(tuple(hashes)) & 0xFFFFFFFFFFFFFFFF:016x}" if hashes else ""
    shingles = _shingles(hashes)
    if len(shingles) > 4 * K:
        # Only the smallest K are kept: sort those below a cut that about 2K of the
        # (uniformly spread) hashes fall under, rather than all of them.
        cut = _MIN_HASH + (2 * K * _HASH_RANGE) // len(shingles)
        smallest = sorted([value for value in shingles if value < cut])
        if len(smallest) < K:  # unlucky: fewer than K under the cut
            smallest = sorted(shingles)
    else:
        smallest = sorted(shingles)
    return Sketch(digest, tuple(value >> 32 for value in smallest[:K]))


_MIN_HASH = -(2**63)
_HASH_RANGE = 2**64


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (1 for the same words)."""
    if a.words and a.words == b.words:
        return 1.0
    union = sorted(set(a.minima) | set(b.minima))[:K]
    if not union:
        return 0.0
    both = set(a.minima) & set(b.minima)
    # Of the K smallest of the union, those in both sketches are in both sets: a value
    # among the K smallest of A | B that is in B is among the K smallest of B.
    return sum(1 for value in union if value in both) / len(union)


@dataclass
class NearDuplicateIndex:
    """Sketches of known texts; :meth:`add` returns the known texts a new one nearly
    equals, best first."""

    threshold: float = THRESHOLD
    _sketches: dict[str, Sketch] = field(default_factory=dict)
    _by_words: dict[str, str] = field(default_factory=dict)
    _postings: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))

    def __len__(self) -> int:
        return len(self._sketches)

    def matches(self, text_sketch: Sketch) -> list[tuple[str, float]]:
        """Known texts whose similarity to ``text_sketch`` reaches the threshold."""
        found: dict[str, float] = {}
        if text_sketch.words and (same := self._by_words.get(text_sketch.words)):
            found[same] = 1.0
        postings = self._postings
        candidates = [
            posting[-RECENT:]
            for value in text_sketch.minima[:PROBES]
            if (posting := postings.get(value)) and len(posting) <= COMMON
        ]
        counts = Counter(chain.from_iterable(candidates))  # counted in C, not a generator
        # A text at the threshold (Jaccard 0.5) holds about two thirds of the other's
        # shingles, so about 21 of the 32 probes (binomial, sd 2.7); half the threshold's
        # share, 8, is five sd below that and keeps texts that share a few sentences out
        # (the generated benchmark corpus: 24 comparisons instead of 6,318, 0.09 s not 0.27).
        need = max(1, int(min(PROBES, len(text_sketch.minima)) * self.threshold / 2))
        for other, shared in counts.items():
            if shared >= need and other not in found:
                score = similarity(text_sketch, self._sketches[other])
                if score >= self.threshold:
                    found[other] = score
        return sorted(found.items(), key=lambda match: (-match[1], match[0]))

    def add(self, key: str, text_sketch: Sketch) -> list[tuple[str, float]]:
        """Add a text; return :meth:`matches` of it among the texts added before."""
        found = self.matches(text_sketch)
        self.insert(key, text_sketch)
        return found

    def insert(self, key: str, text_sketch: Sketch) -> None:
        """Add a text without looking for its matches (a project's existing texts)."""
        self._sketches[key] = text_sketch
        if text_sketch.words:
            self._by_words.setdefault(text_sketch.words, key)
        for value in set(text_sketch.minima):
            self._postings[value].append(key)

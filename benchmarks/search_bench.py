"""Import + index and search figures, each beside the raw Whoosh baseline of the same run."""

from __future__ import annotations

import collections
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer

from annotator.core.paths import data_dir
from annotator.core.text import normalize_text
from annotator.services.demo import add_seed_codebook
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

_WORD = re.compile(r"[A-Za-z]{4,}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def raw_whoosh_index_seconds(paths: list[Path], folder: Path) -> float:
    """Index the same texts with a plain Whoosh schema and writer, as a baseline."""
    texts = [normalize_text(p.read_text(encoding="utf-8")) for p in paths]
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(stoplist=None, minsize=1), phrase=True),
    )
    begun = time.perf_counter()
    ix = index.create_in(str(folder), schema)
    bulk = len(texts) >= 1000
    writer = ix.writer(procs=2, multisegment=True, limitmb=128) if bulk else ix.writer()
    for number, text in enumerate(texts):
        writer.add_document(id=str(number), body=text)
    writer.commit()
    return time.perf_counter() - begun


def _queries(texts: list[str], count: int, rng: random.Random) -> list[str]:
    # Analysts search for names and topics, not for "said" or "with": leave out the 100
    # most frequent words of the sample.
    counts = collections.Counter(w.lower() for text in texts[:200] for w in _WORD.findall(text))
    common = {word for word, _n in counts.most_common(100)}
    words = [word for word in counts.elements() if word not in common]
    queries: list[str] = []
    kinds = ["word", "word", "phrase", "and", "fuzzy", "prefix", "actor"]
    while len(queries) < count:
        kind = kinds[len(queries) % len(kinds)]
        word = rng.choice(words)
        if kind == "word":
            queries.append(word)
        elif kind == "phrase":
            text = rng.choice(texts)
            pair = _WORD.findall(text)
            start = rng.randrange(max(1, len(pair) - 1))
            queries.append(f'"{" ".join(pair[start : start + 2])}"')
        elif kind == "and":
            queries.append(f"{word} AND {rng.choice(words)}")
        elif kind == "fuzzy":
            queries.append(word[:-1] + "~")
        elif kind == "prefix":
            queries.append(word[:4] + "*")
        else:
            queries.append('actor:"Kim Jong Un"')
    return queries


def run(paths: list[Path], *, queries: int = 200, label: str = "") -> dict[str, Any]:
    """Measure one corpus; return the figures (keys suffixed with ``label``)."""
    suffix = f"_{label}" if label else ""
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as scratch:
        root = Path(scratch)
        (root / "raw").mkdir()
        raw = raw_whoosh_index_seconds(paths, root / "raw")
        project = ProjectService.create(root / "bench.annot")
        add_seed_codebook(project, data_dir("seeds") / "codebook.json")
        try:
            begun = time.perf_counter()
            report = import_paths(project, paths)
            imported = time.perf_counter() - begun
            search = SearchService(project, folder=root / "index")
            begun = time.perf_counter()
            search.ensure_current()
            indexed = time.perf_counter() - begun
            rng = random.Random(7)
            sample = [
                project.document(d.id).text
                for d in rng.sample(project.document_summaries(), min(200, len(paths)))
            ]
            query_texts = _queries(sample, queries, rng)
            search.merge_segments()
            plain, highlighted = [], []
            for text in query_texts:
                search.search(text, limit=20, highlight=False)  # warm caches for this query
                begun = time.perf_counter()
                search.search(text, limit=20, highlight=False)
                plain.append((time.perf_counter() - begun) * 1000)
                begun = time.perf_counter()
                search.search(text, limit=20, highlight=True)
                highlighted.append((time.perf_counter() - begun) * 1000)
        finally:
            project.close()
    total = imported + indexed
    return {
        f"documents{suffix}": len(report.imported),
        f"import_s{suffix}": round(total, 3),
        f"import_only_s{suffix}": round(imported, 3),
        f"index_s{suffix}": round(indexed, 3),
        f"raw_whoosh_index_s{suffix}": round(raw, 3),
        f"import_vs_raw{suffix}": round(total / raw, 2) if raw else None,
        f"search_p50_ms{suffix}": round(statistics.median(plain), 2),
        f"search_p95_ms{suffix}": round(_percentile(plain, 0.95), 2),
        f"search_hl_p50_ms{suffix}": round(statistics.median(highlighted), 2),
        f"search_hl_p95_ms{suffix}": round(_percentile(highlighted, 0.95), 2),
        f"queries{suffix}": len(query_texts),
    }

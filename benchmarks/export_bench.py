"""Exporting many statements: our CSV and JSONL exports beside a plain sqlite3 + csv export of
the same rows and joins, measured in the same run (DESIGN.md §9: CSV ≤ 8 s and ≤ 0.6x the
plain export, JSONL ≤ 9 s, for a million statements, in one process)."""

from __future__ import annotations

import csv
import os
import random
import resource
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from annotator.core import models
from annotator.core.anchoring import make_selector
from annotator.core.dataset_schema import STATEMENTS
from annotator.core.models import new_id, utcnow
from annotator.core.paths import data_dir
from annotator.services.dataset_export import export_dataset
from annotator.services.demo import add_seed_codebook
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from benchmarks import corpus

BATCH = 50_000


def _fill(project: ProjectService, statements: int, rng: random.Random) -> None:
    documents = [(d.id, project.document(d.id).text) for d in project.document_summaries()]
    actors = [a.id for a in project.actors()]
    claims = [c.id for c in project.claims()]
    coder = project.ensure_coder("bench").id
    now = utcnow()
    table = models.Annotation.__table__  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = []
    with project.database.write() as session:
        for _ in range(statements):
            document_id, text = documents[rng.randrange(len(documents))]
            start = rng.randrange(max(1, len(text) - 120))
            end = start + rng.randint(20, 110)
            quote = make_selector(text, start, end)
            rows.append(
                {
                    "id": new_id(),
                    "document_id": document_id,
                    "coder_id": coder,
                    "kind": "statement",
                    "start": start,
                    "end": end,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "actor_id": actors[rng.randrange(len(actors))],
                    "claim_id": claims[rng.randrange(len(claims))],
                    "stance": "support",
                    "note": "",
                    "created_at": now,
                    "updated_at": now,
                    "anchor_status": "ok",
                }
            )
            if len(rows) == BATCH:
                session.execute(insert(table), rows)
                rows.clear()
        if rows:
            session.execute(insert(table), rows)


RAW_STATEMENTS_SQL = (
    "WITH RECURSIVE claim_path(id, path) AS (SELECT id, label FROM claim WHERE parent_id IS NULL "
    "UNION ALL SELECT claim.id, claim_path.path || ' > ' || claim.label FROM claim "
    "JOIN claim_path ON claim.parent_id = claim_path.id) "
    "SELECT a.id, a.document_id, d.text_sha256, d.title, d.source, d.published_at, d.url, "
    'a.start, a."end", a.exact, a.prefix, a.suffix, s.name, s.id, s.kind, c.label, c.id, '
    "p.path, a.stance, a.note, k.name, a.created_at, a.updated_at, a.anchor_status "
    "FROM annotation a JOIN document d ON d.id = a.document_id "
    "LEFT JOIN actor s ON s.id = a.actor_id LEFT JOIN claim c ON c.id = a.claim_id "
    "LEFT JOIN claim_path p ON p.id = a.claim_id JOIN coder k ON k.id = a.coder_id "
    "WHERE a.kind = 'statement' ORDER BY a.document_id, a.start, a.id"
)
"""The same rows, columns, joins and order as our statements file, the plain way."""


def _raw_csv(path: Path, out: Path) -> float:
    """A plain sqlite3 + csv export of the statements (no guard, no hashing): the baseline
    DESIGN.md §9 compares ours with."""
    begun = time.perf_counter()
    connection = sqlite3.connect(path)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(STATEMENTS.column_names)
        cursor = connection.execute(RAW_STATEMENTS_SQL)
        while batch := cursor.fetchmany(10_000):
            writer.writerows(batch)
    connection.close()
    return time.perf_counter() - begun


def run(statements: int = 1_000_000) -> dict[str, Any]:
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="annotator-export-bench-") as scratch:
        root = Path(scratch)
        project = ProjectService.create(root / "bench.annot")
        add_seed_codebook(project, data_dir("seeds") / "codebook.json")
        import_paths(project, corpus.generate(root / "corpus", 500))
        begun = time.perf_counter()
        _fill(project, statements, rng)
        filled = time.perf_counter() - begun
        # Reopened as after quitting the app, which checkpoints and empties the write-ahead
        # log: the fill's single transaction left ~825 MB there, and until the log is reset
        # every page is read from it, through read() calls (CSV 6.1 s instead of 4.5).
        path = project.path
        project.close()
        if hasattr(os, "sync"):  # the fill's writes reach the disk now, not during the export
            os.sync()
        project = ProjectService.open(path, backup=False)
        timings = {}
        for fmt in ("csv", "jsonl"):
            begun = time.perf_counter()
            export_dataset(project, root / f"out-{fmt}", fmt=fmt)
            timings[fmt] = time.perf_counter() - begun
        project.close()
        raw = _raw_csv(path, root / "raw.csv")
    suffix = "" if statements == 1_000_000 else f"_{statements}"
    return {
        f"fill_statements_s{suffix}": round(filled, 2),
        f"export_csv_1m_s{suffix}": round(timings["csv"], 2),
        f"export_jsonl_1m_s{suffix}": round(timings["jsonl"], 2),
        f"raw_export_csv_1m_s{suffix}": round(raw, 2),
        f"export_csv_vs_raw{suffix}": round(timings["csv"] / raw, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }

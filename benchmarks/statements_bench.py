"""The Statements view with 100,000 rows (DESIGN.md §9: opens in ≤ 0.5 s, scrolls without
stalls; issue #21.1): the first page, a sort by a column, filters, and scrolling to the end,
through the service and through the window's table (offscreen).

The project: 500 generated articles with dates (fewer for a small N), 100 claims in a
three-level tree and 500 actors, three coders, 100,000 statements (quotes of 20-110
characters from the texts, mixed stances) and 10,000 mentions, written straight into the
table in one transaction (set-up, not a user's change), then reopened as after quitting.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from annotator.core import models
from annotator.core.anchoring import make_selector
from annotator.core.models import new_id, utcnow
from annotator.services import operations as ops
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from annotator.services.search import SearchService
from annotator.services.statement_table import (
    StatementFilter,
    StatementSort,
    StatementTable,
    with_search,
)
from benchmarks import corpus

ACTORS, CLAIMS, DOCUMENTS = 500, 100, 500
MENTIONS_PER_STATEMENT = 0.1
STANCES = ("support", "oppose", "neutral")


def _codebook(project: ProjectService) -> tuple[list[str], list[str]]:
    actors = [ops.CreateActor.new(f"Actor {n}") for n in range(ACTORS)]
    claims: list[ops.CreateClaim] = []
    for n in range(CLAIMS):  # 10 top claims with 5 sub-claims each, 40 of those with one
        parent = None if n < 10 else claims[(n - 10) // 5 if n < 60 else n - 50].claim.id
        claims.append(ops.CreateClaim.new(f"Claim {n}", parent_id=parent))
    project.apply(ops.Batch((*actors, *claims), "codebook"))
    return [a.actor.id for a in actors], [c.claim.id for c in claims]


def _fill(project: ProjectService, statements: int, rng: random.Random) -> None:
    actors, claims = _codebook(project)
    documents = [(d.id, project.document(d.id).text) for d in project.document_summaries()]
    coders = [project.ensure_coder(name).id for name in ("ann", "bob", "cem")]
    table = models.Annotation.__table__  # type: ignore[attr-defined]
    documents_table = models.Document.__table__  # type: ignore[attr-defined]
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for number in range(statements + int(statements * MENTIONS_PER_STATEMENT)):
        document_id, text = documents[rng.randrange(len(documents))]
        start = rng.randrange(max(1, len(text) - 120))
        end = start + rng.randint(20, 110)
        quote = make_selector(text, start, end)
        statement = number < statements
        rows.append(
            {
                "id": new_id(),
                "document_id": document_id,
                "coder_id": coders[rng.randrange(3)],
                "kind": "statement" if statement else "mention",
                "start": start,
                "end": end,
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
                "actor_id": actors[min(ACTORS - 1, int(rng.paretovariate(1.2)) - 1)],
                "claim_id": claims[rng.randrange(CLAIMS)] if statement else None,
                "stance": STANCES[rng.randrange(3)] if statement else None,
                "note": "check" if rng.random() < 0.05 else "",
                "created_at": now,
                "updated_at": now,
                "anchor_status": "ok",
            }
        )
    first = dt.date(2022, 1, 1)
    with project.database.write() as session:
        for document_id, _text in documents:
            day = first + dt.timedelta(days=rng.randrange(1000))
            session.execute(
                update(documents_table)
                .where(documents_table.c.id == document_id)
                .values(published_at=day)
            )
        for begin in range(0, len(rows), 50_000):
            session.execute(insert(table), rows[begin : begin + 50_000])


def _ms(work: Callable[[], object]) -> tuple[float, object]:
    begun = time.perf_counter()
    result = work()
    return round((time.perf_counter() - begun) * 1000, 1), result


def _service_figures(project: ProjectService, suffix: str) -> dict[str, Any]:
    service = StatementTable(project)
    search = SearchService(project)  # built here, so the window finds it ready
    begun = time.perf_counter()
    search.ensure_current()
    index_s = round(time.perf_counter() - begun, 1)
    everything, by_document = StatementFilter(), StatementSort("document")
    results: dict[str, Any] = {}

    def first_page(f: StatementFilter, s: StatementSort) -> int:
        ids = service.ids(f, s)
        service.rows(ids[:200])
        return len(ids)

    service.ids(everything, by_document)  # warm the page cache, as an open project has
    results[f"statements_first_page_ms{suffix}"], _ = _ms(
        lambda: first_page(everything, by_document)
    )
    for column in ("actor", "claim", "quote", "date"):
        key = f"statements_sort_{column}_ms{suffix}"
        results[key], _ = _ms(partial(first_page, everything, StatementSort(column, True)))
    top_claim = next(c.id for c in project.claims() if c.parent_id is None)
    for name, f in (
        ("text", StatementFilter(text="actor 1")),
        ("claim_subtree", StatementFilter(claim_id=top_claim)),
        ("stance_dates", StatementFilter(stance="oppose", date_from=dt.date(2023, 1, 1))),
        ("column_quote", StatementFilter(columns=(("quote", "the"),))),
    ):
        results[f"statements_filter_{name}_ms{suffix}"], count = _ms(
            partial(first_page, f, by_document)
        )
        results[f"statements_filter_{name}_rows{suffix}"] = count
    query = "stance:oppose"

    def searched() -> int:
        return first_page(with_search(everything, search, query, "statements"), by_document)

    (
        results[f"statements_filter_query_ms{suffix}"],
        results[f"statements_filter_query_rows{suffix}"],
    ) = _ms(searched)
    search.close()
    results[f"statements_index_s{suffix}"] = index_s
    total = service.count(everything)
    results[f"statements_last_page_by_offset_ms{suffix}"], _ = _ms(
        lambda: service.page(everything, by_document, total - 200, 200)
    )
    return results


def _window_figures(path: Path, suffix: str) -> dict[str, Any]:
    """The window's Statements tab: shown (ids read, first screen painted), sorted by a
    header, scrolled to the end, and scrolled through page by page (the slowest step)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    window = MainWindow(Settings(), coder="bench")
    window.resize(1400, 860)
    assert window.open_path(path)
    window.show()
    # Opening backs the project up in the background (a 90 MB copy and its check): let it
    # finish, or it is measured too.
    while any(task.running for task in window.session._tasks):
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    app.processEvents()
    panel, table = window.statements, window.statements.table
    results: dict[str, Any] = {}

    def painted() -> None:
        while panel.loader.running:  # read in the background (a large project)
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        table.viewport().repaint()
        app.processEvents()

    def show() -> None:
        window.action_set.actions["view.statements"].trigger()
        app.processEvents()
        painted()

    results[f"statements_window_open_ms{suffix}"], _ = _ms(show)
    results[f"statements_window_rows{suffix}"] = panel.model.rowCount()

    def header_click() -> None:
        table.sortByColumn(3, table.horizontalHeader().sortIndicatorOrder())  # speaker
        painted()

    results[f"statements_window_sort_ms{suffix}"], _ = _ms(header_click)

    def typed_filter() -> None:
        panel.filters.text.setText("actor 1")
        panel.filters.apply_now()  # Enter: no typing pause

    # The GUI thread is free again after the request; the rows come from the background.
    results[f"statements_window_filter_gui_thread_ms{suffix}"], _ = _ms(typed_filter)
    results[f"statements_window_filter_shown_ms{suffix}"], _ = _ms(painted)
    panel.filters.text.clear()
    panel.filters.apply_now()
    painted()

    def to_end() -> None:
        table.scrollToBottom()
        painted()

    results[f"statements_window_scroll_end_ms{suffix}"], _ = _ms(to_end)
    steps = _scroll_through(table, painted)
    results[f"statements_window_scroll_step_median_ms{suffix}"] = round(statistics.median(steps), 1)
    results[f"statements_window_scroll_step_max_ms{suffix}"] = round(max(steps), 1)
    results[f"statements_window_rows_held{suffix}"] = panel.model.loaded_rows()
    window.close()
    return results


def _scroll_through(table: Any, painted: Callable[[], None]) -> list[float]:
    """Milliseconds of each step through the table, a page of rows at a time."""
    from annotator.gui.statement_model import PAGE_ROWS

    bar = table.verticalScrollBar()
    steps: list[float] = []
    for value in range(0, bar.maximum() + 1, PAGE_ROWS):
        begun = time.perf_counter()
        bar.setValue(value)
        painted()
        steps.append((time.perf_counter() - begun) * 1000)
    return steps


def run(statements: int = 100_000, *, gui: bool = True) -> dict[str, Any]:
    suffix = "_100k" if statements == 100_000 else f"_{statements}"
    rng = random.Random(21)
    home = os.environ.get("ANNOTATOR_HOME")
    with tempfile.TemporaryDirectory(prefix="annotator-statements-bench-") as scratch:
        root = Path(scratch)
        os.environ["ANNOTATOR_HOME"] = str(root / "home")  # the index and settings: ours
        try:
            results = _measure(root, statements, suffix, rng, gui=gui)
        finally:
            if home is None:
                os.environ.pop("ANNOTATOR_HOME", None)
            else:
                os.environ["ANNOTATOR_HOME"] = home
    return results


def _measure(
    root: Path, statements: int, suffix: str, rng: random.Random, *, gui: bool
) -> dict[str, Any]:
    project = ProjectService.create(root / "statements.annot")
    documents = min(DOCUMENTS, max(20, statements // 200))
    import_paths(project, corpus.generate(root / "corpus", documents))
    begun = time.perf_counter()
    _fill(project, statements, rng)
    results: dict[str, Any] = {f"statements_fill_s{suffix}": round(time.perf_counter() - begun, 1)}
    path = project.path
    project.close()
    project = ProjectService.open(path, backup=False)
    try:
        results.update(_service_figures(project, suffix))
    finally:
        project.close()
    if gui:
        results.update(_window_figures(path, suffix))
    return results


if __name__ == "__main__":
    import json
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sys.stdout.write(json.dumps(run(count), indent=1) + "\n")

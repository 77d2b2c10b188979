"""From a project and options to networks: read and filter the statements, cut the time
windows, drop duplicates within each window, compute each window's network."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from annotator.services.networks.compute import compute_network
from annotator.services.networks.graph import Network, usable
from annotator.services.networks.options import NetworkOptions, Period
from annotator.services.networks.statements import Codebook, NetStatement, Reading, read_statements
from annotator.services.project import ProjectService

Window = tuple[dt.date | None, dt.date | None]
"""First and last day (both included); None: open."""


@dataclass(frozen=True)
class NetworkResult:
    networks: tuple[Network, ...]
    """One network, or one per time window in time order."""
    skipped: Counter[str]
    """Statements left out of every network, by reason."""


def build_networks(project: ProjectService, options: NetworkOptions) -> NetworkResult:
    """The networks ``options`` ask for (raises NetworkOptionsError on bad options)."""
    return networks_of(read_statements(project, options), options)


def networks_of(reading: Reading, options: NetworkOptions) -> NetworkResult:
    """The networks of statements already read for ``options`` (the window keeps them to
    list what is behind a node, so they are read once)."""
    skipped = Counter(reading.skipped)
    left_out = len(reading.statements) - len(usable(reading.statements, options))
    if left_out:
        skipped["without a stance on the scale"] += left_out
    networks = []
    for window in time_windows(options, reading.statements):
        inside = in_window(reading.statements, window)
        kept = deduplicate(inside, options.duplicates)
        network = compute_network(kept, reading.codebook, options)
        attributes = describe(options, reading.codebook, window, len(usable(kept, options)))
        networks.append(dataclasses.replace(network, attributes=attributes))
    return NetworkResult(tuple(networks), skipped)


def time_windows(options: NetworkOptions, statements: Sequence[NetStatement]) -> list[Window]:
    """The windows: the whole range, or windows of ``options.window`` starting at the first
    day (``--from`` or the first statement's date) and every ``options.step`` after it, as
    long as a window starts on or before the last day (``--to`` or the last date)."""
    if options.window is None:
        return [(options.date_from, options.date_to)]
    dates = [s.date for s in statements if s.date is not None]
    first = options.date_from or min(dates, default=None)
    last = options.date_to or max(dates, default=None)
    if first is None or last is None:
        return []
    step = options.step or options.window
    windows: list[Window] = []
    start, n = first, 0
    while start <= last:
        windows.append((start, options.window.after(start) - dt.timedelta(days=1)))
        n += 1
        start = Period(step.count * n, step.unit).after(first)
    return windows


def in_window(statements: Sequence[NetStatement], window: Window) -> list[NetStatement]:
    """The statements dated within ``window`` (all of them when it has no bounds)."""
    low, high = window
    if low is None and high is None:
        return list(statements)
    low, high = low or dt.date.min, high or dt.date.max
    return [s for s in statements if s.date is not None and low <= s.date <= high]


def deduplicate(statements: Sequence[NetStatement], duplicates: str) -> list[NetStatement]:
    """Keep one of the statements with the same speaker, claim and stance per document,
    calendar week (Monday to Sunday), month or year; all of them for ``all``."""
    if duplicates == "all":
        return list(statements)
    seen: set[tuple[str, str, str | None, Hashable]] = set()
    kept = []
    for s in statements:
        key = (s.actor_id, s.claim_id, s.stance, _period(s, duplicates))
        if key not in seen:
            seen.add(key)
            kept.append(s)
    return kept


def _period(statement: NetStatement, duplicates: str) -> Hashable:
    date = statement.date
    if duplicates == "document":
        return statement.document_id
    if date is None:
        return None  # undated statements share one period
    if duplicates == "week":
        year, week, _ = date.isocalendar()
        return (year, week)
    if duplicates == "month":
        return (date.year, date.month)
    return date.year


def describe(
    options: NetworkOptions, codebook: Codebook, window: Window, statements: int
) -> dict[str, str | int | float]:
    """The graph attributes every format writes."""
    values = ",".join(f"{k}={v:g}" for k, v in codebook.stance_values.items())
    return {
        "network_type": options.type,
        "mode": options.mode if options.one_mode else "actors x claims",
        "qualifier": options.aggregation,
        "normalization": options.normalize,
        "duplicates": options.duplicates,
        "stance_values": values,
        "stance_range": codebook.stance_range,
        "window_start": window[0].isoformat() if window[0] else "",
        "window_end": window[1].isoformat() if window[1] else "",
        "statements": statements,
    }

"""Where to draw a network's nodes: a force-directed layout (Fruchterman and Reingold 1991)
in plain Python, fast enough for 500 nodes and 5,000 edges off the GUI thread.

Stable: a node starts where it was in the previous layout (given), else at a place fixed by
its id, and the random parts are seeded by the ids, so the same network always gets the same
picture and a filter or a time window that changes a few nodes moves the others little.
Repulsion is counted only between nodes in neighbouring cells of a grid as wide as the
repulsion's reach, the usual way to make each step linear in the number of nodes.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence

Point = tuple[float, float]
SIZE = 1000.0
"""The layout fills a square of this side, centred on (0, 0)."""


def _home(node_id: str) -> Point:
    """A place for a node seen for the first time, fixed by its id."""
    digest = hashlib.blake2b(node_id.encode("utf-8"), digest_size=8).digest()
    x = int.from_bytes(digest[:4], "big") / 2**32 - 0.5
    y = int.from_bytes(digest[4:], "big") / 2**32 - 0.5
    return x * SIZE, y * SIZE


def force_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, float]],
    *,
    previous: Mapping[str, Point] | None = None,
    iterations: int = 120,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Point]:
    """Positions of ``nodes`` (ids) joined by ``edges`` (source, target, weight; a heavier
    edge pulls harder), inside a square of side :data:`SIZE`."""
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    previous = previous or {}
    xs, ys = [], []
    for node in nodes:
        x, y = previous.get(node) or _home(node)
        xs.append(x)
        ys.append(y)
    links = [
        (index[a], index[b], abs(w)) for a, b, w in edges if a in index and b in index and a != b
    ]
    heaviest = max((w for _a, _b, w in links), default=1.0) or 1.0
    links = [(a, b, 0.5 + w / heaviest) for a, b, w in links]
    count = len(nodes)
    k = SIZE / math.sqrt(count) * 0.6  # the ideal distance between neighbours
    cell = 2 * k  # repulsion beyond two ideal distances is left out
    # Known nodes are near their place already: start cooler, so they stay near it.
    known = sum(1 for node in nodes if node in previous)
    temperature = SIZE / 10 * (0.3 if known > count / 2 else 1.0)
    for step in range(iterations):
        if cancelled is not None and step % 10 == 0 and cancelled():
            break
        dx, dy = _repulsion(xs, ys, k, cell)
        _attraction(xs, ys, links, k, dx, dy)
        _move(xs, ys, dx, dy, temperature)
        temperature = max(temperature * 0.95, 0.5)
    return {node: (xs[i], ys[i]) for i, node in enumerate(nodes)}


def _repulsion(
    xs: list[float], ys: list[float], k: float, cell: float
) -> tuple[list[float], list[float]]:
    """Every node pushed away from the nodes in its own and the neighbouring grid cells."""
    count = len(xs)
    dx, dy = [0.0] * count, [0.0] * count
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(count):
        grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
    reach = cell * cell
    for (cx, cy), members in grid.items():
        near = [
            j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())
        ]
        for i in members:
            xi, yi = xs[i], ys[i]
            for j in near:
                if j == i:
                    continue
                ddx, ddy = xi - xs[j], yi - ys[j]
                distance2 = ddx * ddx + ddy * ddy
                if distance2 < 1e-9:  # on top of each other: parted the same way each run
                    ddx, ddy = (0.01, 0.01) if i < j else (-0.01, -0.01)
                    distance2 = 2e-4
                if distance2 <= reach:
                    push = k * k / distance2
                    dx[i] += ddx * push
                    dy[i] += ddy * push
    return dx, dy


def _attraction(
    xs: list[float],
    ys: list[float],
    links: list[tuple[int, int, float]],
    k: float,
    dx: list[float],
    dy: list[float],
) -> None:
    """Each edge pulls its two ends together, harder the heavier it is."""
    for a, b, strength in links:
        ddx, ddy = xs[a] - xs[b], ys[a] - ys[b]
        pull = (math.sqrt(ddx * ddx + ddy * ddy) or 0.01) / k * strength
        dx[a] -= ddx * pull
        dy[a] -= ddy * pull
        dx[b] += ddx * pull
        dy[b] += ddy * pull


def _move(
    xs: list[float], ys: list[float], dx: list[float], dy: list[float], temperature: float
) -> None:
    """Move each node along its force, at most ``temperature``, inside the square; a weak
    pull to the centre keeps parts that are not joined on the page."""
    for i in range(len(xs)):
        fx, fy = dx[i] - xs[i] * 0.01, dy[i] - ys[i] * 0.01
        length = math.sqrt(fx * fx + fy * fy)
        if length > 0:
            move = min(length, temperature) / length
            xs[i] = min(SIZE / 2, max(-SIZE / 2, xs[i] + fx * move))
            ys[i] = min(SIZE / 2, max(-SIZE / 2, ys[i] + fy * move))

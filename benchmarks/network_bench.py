"""Discourse networks (issue #20.4: 100,000 statements to any network in ≤ 2 s; 500 nodes
drawn in ≤ 1 s): each network type built from a project of many statements among 500 actors
and 100 claims, and the window's layout and drawing of a 500-node network."""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from annotator.core import models
from annotator.core.models import new_id, utcnow
from annotator.services import operations as ops
from annotator.services.importing import import_paths
from annotator.services.networks import NetworkOptions, build_networks
from annotator.services.networks.layout import force_layout
from annotator.services.project import ProjectService
from benchmarks import corpus

ACTORS, CLAIMS = 500, 100
NETWORKS = (
    ("two_mode", NetworkOptions(type="two-mode", qualifier="subtract")),
    ("congruence_actors", NetworkOptions(type="congruence")),
    ("conflict_actors", NetworkOptions(type="conflict")),
    ("subtract_claims", NetworkOptions(type="subtract", mode="claims")),
    ("jaccard_actors", NetworkOptions(type="congruence", normalize="jaccard")),
)


def _fill(project: ProjectService, statements: int, rng: random.Random) -> None:
    actors = [ops.CreateActor.new(f"Actor {n}") for n in range(ACTORS)]
    claims = [ops.CreateClaim.new(f"Claim {n}") for n in range(CLAIMS)]
    project.apply(ops.Batch((*actors, *claims), "codebook"))
    actor_ids = [a.actor.id for a in actors]
    claim_ids = [c.claim.id for c in claims]
    documents = [(d.id, len(project.document(d.id).text)) for d in project.document_summaries()]
    coder = project.ensure_coder("bench").id
    now = utcnow()
    stances = ("support", "oppose", "neutral")
    rows = []
    for _ in range(statements):
        document_id, length = documents[rng.randrange(len(documents))]
        start = rng.randrange(max(1, length - 60))
        rows.append(
            {
                "id": new_id(),
                "document_id": document_id,
                "coder_id": coder,
                "kind": "statement",
                "start": start,
                "end": start + 40,
                "exact": "",
                "prefix": "",
                "suffix": "",
                # A few actors speak often, most rarely, as in news.
                "actor_id": actor_ids[min(ACTORS - 1, int(rng.paretovariate(1.2)) - 1)],
                "claim_id": claim_ids[rng.randrange(CLAIMS)],
                "stance": stances[rng.randrange(3)],
                "note": "",
                "created_at": now,
                "updated_at": now,
                "anchor_status": "ok",
            }
        )
    # Benchmark set-up, not a user's change: straight into the table, in one transaction.
    with project.database.write() as session:
        session.execute(insert(models.Annotation.__table__), rows)  # type: ignore[attr-defined]


def run(statements: int = 100_000) -> dict[str, Any]:
    suffix = f"_{statements}" if statements != 100_000 else "_100k"
    results: dict[str, Any] = {}
    rng = random.Random(20)
    with tempfile.TemporaryDirectory(prefix="annotator-network-bench-") as scratch:
        root = Path(scratch)
        paths = corpus.generate(root / "corpus", 200)
        project = ProjectService.create(root / "net.annot")
        try:
            import_paths(project, paths)
            _fill(project, statements, rng)
            for name, options in NETWORKS:
                begun = time.perf_counter()
                result = build_networks(project, options)
                results[f"network_{name}_s{suffix}"] = round(time.perf_counter() - begun, 2)
                results[f"network_{name}_edges{suffix}"] = len(result.networks[0].edges)
        finally:
            project.close()
    # The window's layout of a 500-node, 5,000-edge network (off the GUI thread).
    nodes = [f"actor:{n}" for n in range(500)]
    edges = [(rng.choice(nodes), rng.choice(nodes), rng.random()) for _ in range(5000)]
    begun = time.perf_counter()
    positions = force_layout(nodes, edges)
    results["network_layout_500_s"] = round(time.perf_counter() - begun, 2)
    results["network_draw_500_s"] = _draw_seconds(nodes, edges, positions)
    return results


def _draw_seconds(
    nodes: list[str], edges: list[tuple[str, str, float]], positions: dict[str, Any]
) -> float:
    """Drawing the laid-out network into the window's scene and painting it, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from annotator.gui.network_scene import NetworkScene
    from annotator.services.networks import Edge, Network, Node

    _app = QApplication.instance() or QApplication([])
    network = Network(
        tuple(Node(n, n, "actor", "person", "", "", 1 + i % 7) for i, n in enumerate(nodes)),
        tuple(Edge(a, b, w, 1) for a, b, w in edges),
        bipartite=False,
    )
    begun = time.perf_counter()
    scene = NetworkScene()
    scene.draw(network, positions, "subtract", signed=True)
    image = QImage(1200, 800, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter)
    painter.end()
    return round(time.perf_counter() - begun, 2)

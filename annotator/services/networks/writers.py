"""Writing networks to files: GraphML, GEXF, CSV (an edge list), UCINET DL (full matrices) and
JSON (networkx's node-link form); one file per time window, the window in its name."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.exporters.csv_writer import write_csv
from annotator.services.networks.graph import Network
from annotator.services.networks.xml_formats import clean, gexf, graphml, number

FORMATS = ("graphml", "gexf", "csv", "dl", "json")
CSV_COLUMNS = (
    "source",
    "target",
    "source_label",
    "target_label",
    "weight",
    "statements",
    "window_start",
    "window_end",
)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise AnnotatorError(f"no network format {fmt!r} (have: {', '.join(FORMATS)})")


def window_path(out: Path, network: Network, windowed: bool) -> Path:
    """``out`` itself, or for a time window ``stem_FIRST_LAST.suffix``."""
    if not windowed:
        return out
    first, last = network.attributes["window_start"], network.attributes["window_end"]
    return out.with_name(f"{out.stem}_{first}_{last}{out.suffix}")


def write_networks(
    networks: Sequence[Network],
    fmt: str,
    out: Path,
    *,
    windowed: bool = False,
    protected: Sequence[Path] = (),
) -> list[Path]:
    """Write each network to its file (made whole before it replaces an older one); return
    the paths. Raises AnnotatorError for an unknown format or a protected target."""
    check_format(fmt)
    kept = {Path(p).resolve() for p in protected}
    paths = [window_path(Path(out), network, windowed) for network in networks]
    for path in paths:
        if path.resolve() in kept:
            raise AnnotatorError(f"{path.name} is the project's own file: choose another --out")
        if path.is_dir():
            raise AnnotatorError(f"{path} is a folder: --out names the file to write")
    for network, path in zip(networks, paths, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.partial")
        try:
            _write(network, fmt, staging)
            os.replace(staging, path)
        finally:
            staging.unlink(missing_ok=True)
    return paths


def _write(network: Network, fmt: str, path: Path) -> None:
    if fmt == "csv":
        write_csv(path, CSV_COLUMNS, csv_rows(network), variant="exact")
        return
    text = {"graphml": graphml, "gexf": gexf, "dl": dl, "json": node_link}[fmt](network)
    path.write_text(text, encoding="utf-8", newline="\n")


def csv_rows(network: Network) -> list[dict[str, object]]:
    labels = {node.id: node.label for node in network.nodes}
    return [
        {
            "source": edge.source,
            "target": edge.target,
            "source_label": labels[edge.source],
            "target_label": labels[edge.target],
            "weight": edge.weight,
            "statements": edge.statements,
            "window_start": network.attributes.get("window_start", ""),
            "window_end": network.attributes.get("window_end", ""),
        }
        for edge in network.edges
    ]


def node_link(network: Network) -> str:
    """networkx's node-link JSON (``networkx.node_link_graph(data, edges="edges")``)."""
    data = {
        "directed": False,
        "multigraph": False,
        "graph": network.attributes,
        "nodes": [
            {
                "id": node.id,
                "label": node.label,
                "type": node.type,
                "kind": node.kind,
                "path": node.path,
                "colour": node.colour,
                "statements": node.statements,
            }
            for node in network.nodes
        ],
        "edges": [
            {
                "source": edge.source,
                "target": edge.target,
                "weight": edge.weight,
                "statements": edge.statements,
            }
            for edge in network.edges
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _dl_label(text: str) -> str:
    return '"' + " ".join(clean(text).replace('"', "''").split()) + '"'


def dl(network: Network) -> str:
    """UCINET DL, full matrix with labels: actors x claims for a two-mode network (rows
    actors), else nodes x nodes (symmetric, zero diagonal)."""
    if network.bipartite:
        rows = [n for n in network.nodes if n.type == "actor"]
        columns = [n for n in network.nodes if n.type == "claim"]
        head = [f"DL NR={len(rows)} NC={len(columns)}", "FORMAT = FULLMATRIX"]
        head += ["ROW LABELS:", *(_dl_label(n.label) for n in rows)]
        head += ["COLUMN LABELS:", *(_dl_label(n.label) for n in columns)]
    else:
        rows = columns = list(network.nodes)
        head = [f"DL N={len(rows)}", "FORMAT = FULLMATRIX", "LABELS:"]
        head += [_dl_label(n.label) for n in rows]
    weights: dict[tuple[str, str], float] = {}
    for edge in network.edges:
        weights[edge.source, edge.target] = edge.weight
        if not network.bipartite:
            weights[edge.target, edge.source] = edge.weight
    lines = [*head, "DATA:"]
    for row in rows:
        lines.append(" ".join(number(weights.get((row.id, col.id), 0)) for col in columns))
    return "\n".join(lines) + "\n"

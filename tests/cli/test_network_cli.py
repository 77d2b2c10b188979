"""``annotator network`` (issue #20.2): every format read back the way network tools read it
(networkx, igraph for GraphML), with the worked example's weights exactly."""

from __future__ import annotations

import json
import math
import shlex
from pathlib import Path

import igraph
import networkx as nx
import pandas as pd
import pytest

from annotator.cli import main
from annotator.services.project import ProjectService
from tests.services.network_projects import Example, build_example, expected_one_mode
from tests.services.network_projects import random_project as make_random_project

FORMATS = ("graphml", "gexf", "csv", "dl", "json")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return build_example(tmp_path_factory.mktemp("example") / "example.annot")


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_dl(path: Path) -> nx.Graph:
    """A small reader of the DL we write (full matrices with labels)."""
    lines = path.read_text("utf-8").splitlines()
    header = lines[0].split()
    data = lines.index("DATA:")
    matrix = [[float(v) for v in line.split()] for line in lines[data + 1 :]]
    graph = nx.Graph()
    if header[1].startswith("N="):
        labels = [json.loads(line) for line in lines[3:data]]
        columns = labels
    else:
        rows_at, columns_at = lines.index("ROW LABELS:"), lines.index("COLUMN LABELS:")
        labels = [json.loads(line) for line in lines[rows_at + 1 : columns_at]]
        columns = [json.loads(line) for line in lines[columns_at + 1 : data]]
        assert header[1:] == [f"NR={len(labels)}", f"NC={len(columns)}"]
    assert len(matrix) == len(labels)
    for row, values in zip(labels, matrix, strict=True):
        assert len(values) == len(columns)
        for column, value in zip(columns, values, strict=True):
            if value != 0:
                graph.add_edge(row, column, weight=value)
    return graph


def read_back(path: Path, fmt: str) -> nx.Graph:
    """The file as a networkx graph whose nodes are the labels."""
    if fmt == "dl":
        return read_dl(path)
    if fmt == "csv":
        table = pd.read_csv(path, encoding="utf-8-sig")
        return nx.from_pandas_edgelist(
            table, "source_label", "target_label", edge_attr=["weight", "statements"]
        )
    if fmt == "graphml":
        graph = nx.read_graphml(path)
    elif fmt == "gexf":
        graph = nx.read_gexf(path)
    else:
        graph = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    return nx.relabel_nodes(graph, {n: data["label"] for n, data in graph.nodes(data=True)})


def edge_weights(graph: nx.Graph) -> dict[frozenset[str], float]:
    return {frozenset((a, b)): float(d["weight"]) for a, b, d in graph.edges(data=True)}


CONFLICT = {
    frozenset(("Alice", "Bob")): 1.0,
    frozenset(("Alice", "Carol")): 2.5,
    frozenset(("Bob", "Carol")): 1.5,
}
COSINE = {
    frozenset(("Alice", "Bob")): 2 / math.sqrt(10),
    frozenset(("Alice", "Carol")): 0.5 / math.sqrt(10),
    frozenset(("Bob", "Carol")): 0.25,
}
TWO_MODE_SUBTRACT = {
    frozenset(("Alice", "Sanctions")): 2.0,
    frozenset(("Alice", "Talks")): -1.0,
    frozenset(("Bob", "Sanctions")): 1.0,
    frozenset(("Bob", "Talks")): 1.0,
    frozenset(("Carol", "Sanctions")): -1.0,
}  # Carol-Talks weighs 0: an edge in the graph formats, a 0 in the DL matrix


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("--type conflict", CONFLICT),
        ("--type congruence --normalize cosine", COSINE),
        ("--qualifier subtract", TWO_MODE_SUBTRACT),
    ],
)
def test_formats_read_back_with_the_example_weights(
    capsys, example, tmp_path, fmt, options, expected
):
    target = tmp_path / f"net.{fmt}"
    code, out, err = run(
        capsys,
        "network",
        example.path,
        *shlex.split(options),
        "--claims",
        "security",
        "--coder",
        "ann",
        "--format",
        fmt,
        "--out",
        target,
    )
    assert (code, err) == (0, "")
    assert str(target) in out
    found = edge_weights(read_back(target, fmt))
    if fmt != "dl":
        assert found.pop(frozenset(("Carol", "Talks")), 0.0) == 0.0
    assert found == expected  # exact: the numbers are written so that they read back


def test_graphml_carries_the_attributes_for_gephi_and_igraph(capsys, example, tmp_path):
    target = tmp_path / "two.graphml"
    assert run(capsys, "network", example.path, "--format", "graphml", "--out", target)[0] == 0
    graph = nx.read_graphml(target)
    alice = graph.nodes[example.node("Alice")]
    assert (alice["label"], alice["type"], alice["kind"], alice["statements"]) == (
        "Alice",
        "actor",
        "person",
        3,
    )
    talks = graph.nodes[example.node("Talks")]
    assert (talks["type"], talks["path"], talks["statements"]) == ("claim", "Security > Talks", 3)
    edge = graph.edges[example.node("Alice"), example.node("Sanctions")]
    assert (edge["weight"], edge["statements"]) == (2.0, 2)
    assert graph.graph["network_type"] == "two-mode"
    ig = igraph.Graph.Read_GraphML(str(target))
    assert sorted(ig.vs["label"]) == sorted(d["label"] for _, d in graph.nodes(data=True))
    by_label = {
        frozenset((ig.vs[e.source]["label"], ig.vs[e.target]["label"])): e["weight"] for e in ig.es
    }
    assert by_label == edge_weights(
        nx.relabel_nodes(graph, {n: d["label"] for n, d in graph.nodes(data=True)})
    )


def test_gexf_carries_the_node_attributes(capsys, example, tmp_path):
    target = tmp_path / "one.gexf"
    assert (
        run(
            capsys,
            "network",
            example.path,
            "--type",
            "subtract",
            "--format",
            "gexf",
            "--out",
            target,
        )[0]
        == 0
    )
    graph = nx.read_gexf(target)
    alice = graph.nodes[example.node("Alice")]
    assert (alice["label"], alice["type"], alice["statements"]) == ("Alice", "actor", 3)


def test_windows_write_one_file_each_with_the_window_in_its_name(capsys, example, tmp_path):
    target = tmp_path / "conflict.graphml"
    code, out, _ = run(
        capsys,
        "network",
        example.path,
        "--type",
        "conflict",
        "--claims",
        "Security",
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-31",
        "--window",
        "1m",
        "--format",
        "graphml",
        "--out",
        target,
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.glob("conflict_*.graphml"))
    assert names == [
        "conflict_2024-01-01_2024-01-31.graphml",
        "conflict_2024-02-01_2024-02-29.graphml",
        "conflict_2024-03-01_2024-03-31.graphml",
    ]
    run(
        capsys,
        "network",
        example.path,
        "--type",
        "conflict",
        "--claims",
        "Security",
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-31",
        "--window",
        "1m",
        "--format",
        "csv",
        "--out",
        tmp_path / "conflict.csv",
    )
    rows = pd.read_csv(tmp_path / "conflict_2024-03-01_2024-03-31.csv", encoding="utf-8-sig")
    assert set(rows["window_start"]) == {"2024-03-01"}
    assert set(rows["window_end"]) == {"2024-03-31"}
    march = nx.read_graphml(tmp_path / names[2])
    assert march.graph["window_start"] == "2024-03-01"
    named = nx.relabel_nodes(march, {n: d["label"] for n, d in march.nodes(data=True)})
    assert edge_weights(named) == {
        frozenset(("Alice", "Carol")): 1.0,
        frozenset(("Bob", "Carol")): 0.5,
    }
    assert "left out: 1 statement without a speaker" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_random_project_round_trips(capsys, tmp_path, fmt):
    path = tmp_path / "random.annot"
    coded = make_random_project(path, seed=7)
    target = tmp_path / f"random.{fmt}"
    code, _, err = run(
        capsys,
        "network",
        path,
        "--type",
        "subtract",
        "--normalize",
        "jaccard",
        "--format",
        fmt,
        "--out",
        target,
    )
    assert (code, err) == (0, "")
    found = edge_weights(read_back(target, fmt))
    with ProjectService.open(path, read_only=True) as project:
        names = {f"actor:{a.id}": a.name for a in project.actors()}
    expected = {
        frozenset(names[node] for node in pair): weight
        for pair, weight in expected_one_mode(coded, "subtract", "jaccard").items()
    }
    assert expected  # the random project links some actors
    assert found.keys() == expected.keys()
    for pair, weight in expected.items():
        assert found[pair] == pytest.approx(weight, abs=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "congruence", "--normalize", "activity"], "not defined for one-mode"),
        (["--step", "1m"], "--step needs --window"),
        (["--window", "3x"], None),
        (["--stance-values", "support"], None),
        (["--claims", "nothing"], "no claim"),
        (["--stance-values", "support=1,maybe=2"], "not on this project's stance scale"),
    ],
)
def test_bad_options_exit_with_a_message(capsys, example, tmp_path, args, message):
    target = tmp_path / "x.json"
    if message is None:
        with pytest.raises(SystemExit) as stop:
            run(capsys, "network", example.path, *args, "--format", "json", "--out", target)
        assert stop.value.code == 2
        return
    code, _, err = run(capsys, "network", example.path, *args, "--format", "json", "--out", target)
    assert code == 1
    assert message in err
    assert not target.exists()


def test_the_project_file_is_never_the_target(capsys, example):
    code, _, err = run(capsys, "network", example.path, "--format", "json", "--out", example.path)
    assert code == 1
    assert "project's own file" in err

"""GraphML and GEXF (1.2) text of a network, as Gephi, visone, networkx and igraph read them:
node attributes label, type, kind, path, colour, statements; edge weight and statements."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from annotator.services.networks.graph import Network

NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("label", "string"),
    ("type", "string"),
    ("kind", "string"),
    ("path", "string"),
    ("colour", "string"),
    ("statements", "int"),
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (each becomes U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def _attr(value: object) -> str:
    return quoteattr(clean(str(value)))


def _text(value: object) -> str:
    return escape(clean(str(value)))


def number(value: float | int) -> str:
    """A number as text that reads back to the same float (integers without ``.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _graph_type(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "string"
    return "int" if isinstance(value, int) else "double"


def graphml(network: Network) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for name, kind in NODE_FIELDS:
        lines.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>')
    lines.append('  <key id="e_statements" for="edge" attr.name="statements" attr.type="int"/>')
    for name, value in network.attributes.items():
        kind = _graph_type(value)
        lines.append(f'  <key id="g_{name}" for="graph" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <graph id="G" edgedefault="undirected">')
    for name, value in network.attributes.items():
        shown = _text(value) if isinstance(value, str) else number(value)
        lines.append(f'    <data key="g_{name}">{shown}</data>')
    for node in network.nodes:
        lines.append(f"    <node id={_attr(node.id)}>")
        for name, _ in NODE_FIELDS:
            lines.append(f'      <data key="n_{name}">{_text(getattr(node, name))}</data>')
        lines.append("    </node>")
    for edge in network.edges:
        lines.append(f"    <edge source={_attr(edge.source)} target={_attr(edge.target)}>")
        lines.append(f'      <data key="e_weight">{number(edge.weight)}</data>')
        lines.append(f'      <data key="e_statements">{edge.statements}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def gexf(network: Network) -> str:
    """GEXF 1.2; the graph's attributes (network type, window...) go into the description."""
    described = "; ".join(f"{k}={v}" for k, v in network.attributes.items())
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
        "  <meta>",
        "    <creator>Annotator</creator>",
        f"    <description>{_text(described)}</description>",
        "  </meta>",
        '  <graph defaultedgetype="undirected" mode="static">',
        '    <attributes class="node">',
    ]
    for name, kind in NODE_FIELDS[1:]:
        gexf_kind = "integer" if kind == "int" else kind
        lines.append(f'      <attribute id="{name}" title="{name}" type="{gexf_kind}"/>')
    lines += [
        "    </attributes>",
        '    <attributes class="edge">',
        '      <attribute id="statements" title="statements" type="integer"/>',
        "    </attributes>",
        "    <nodes>",
    ]
    for node in network.nodes:
        lines.append(f"      <node id={_attr(node.id)} label={_attr(node.label)}>")
        lines.append("        <attvalues>")
        for name, _ in NODE_FIELDS[1:]:
            lines.append(f'          <attvalue for="{name}" value={_attr(getattr(node, name))}/>')
        lines += ["        </attvalues>", "      </node>"]
    lines += ["    </nodes>", "    <edges>"]
    for n, edge in enumerate(network.edges):
        lines += [
            f'      <edge id="{n}" source={_attr(edge.source)} target={_attr(edge.target)} '
            f'weight="{number(edge.weight)}">',
            "        <attvalues>",
            f'          <attvalue for="statements" value="{edge.statements}"/>',
            "        </attvalues>",
            "      </edge>",
        ]
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)

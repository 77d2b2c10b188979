"""Discourse networks as Leifeld's Discourse Network Analyzer defines them (docs/networks.md):
the two-mode actor x claim network and one-mode congruence, conflict and subtract networks of
actors or claims, over time windows, written for network tools. No Qt: the CLI and the app
share it."""

from annotator.services.networks.build import NetworkResult, build_networks, time_windows
from annotator.services.networks.compute import compute_network
from annotator.services.networks.export import NetworkExport, export_networks
from annotator.services.networks.graph import Edge, Network, Node
from annotator.services.networks.options import (
    DUPLICATES,
    MODES,
    NETWORK_TYPES,
    NORMALIZATIONS,
    QUALIFIERS,
    NetworkOptions,
    NetworkOptionsError,
    Period,
    parse_stance_values,
)
from annotator.services.networks.writers import FORMATS, write_networks

__all__ = [
    "DUPLICATES",
    "FORMATS",
    "MODES",
    "NETWORK_TYPES",
    "NORMALIZATIONS",
    "QUALIFIERS",
    "Edge",
    "Network",
    "NetworkExport",
    "NetworkOptions",
    "NetworkOptionsError",
    "NetworkResult",
    "Node",
    "Period",
    "build_networks",
    "compute_network",
    "export_networks",
    "parse_stance_values",
    "time_windows",
    "write_networks",
]

"""Build the networks of a project and write them: what ``annotator network`` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.backup import backup_dir_for
from annotator.core.lock import lock_path_for
from annotator.services.networks.build import NetworkResult, build_networks
from annotator.services.networks.options import NetworkOptions
from annotator.services.networks.writers import check_format, write_networks
from annotator.services.project import ProjectService


@dataclass(frozen=True)
class NetworkExport:
    result: NetworkResult
    paths: tuple[Path, ...]

    def summary(self) -> str:
        lines = []
        for network, path in zip(self.result.networks, self.paths, strict=True):
            window = ""
            if network.attributes.get("window_start"):
                first, last = network.attributes["window_start"], network.attributes["window_end"]
                window = f" ({first} to {last})"
            lines.append(
                f"{path}: {len(network.nodes)} nodes, {len(network.edges)} edges, "
                f"{network.attributes['statements']} statements{window}"
            )
        if not self.paths:
            lines.append("no statements in the dates chosen: nothing written")
        for reason, count in sorted(self.result.skipped.items()):
            lines.append(f"left out: {count} statement{'' if count == 1 else 's'} {reason}")
        return "\n".join(lines)


def export_networks(
    project: ProjectService, options: NetworkOptions, fmt: str, out: Path
) -> NetworkExport:
    """Write the networks ``options`` ask for to ``out`` (one file per time window, named
    ``stem_FIRST_LAST.suffix``). Raises AnnotatorError on bad options or target."""
    check_format(fmt)  # before the work, not after it
    result = build_networks(project, options)
    protected = (project.path, backup_dir_for(project.path), lock_path_for(project.path))
    paths = write_networks(
        result.networks, fmt, out, windowed=options.window is not None, protected=protected
    )
    return NetworkExport(result, tuple(paths))

"""The demo project: the sample articles in ``seeds/`` with a starter codebook, so a new user
has something real to read, search and code on first start."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from annotator.core.paths import data_dir, demo_project_path
from annotator.services.importing import ImportReport, import_paths
from annotator.services.operations import CreateActor, CreateClaim
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)

DEMO_NAME = "Demo: North Korea and Russia"


def _create_claims(
    project: ProjectService, nodes: list[dict[str, Any]], parent_id: str | None
) -> None:
    for position, node in enumerate(nodes):
        op = CreateClaim.new(
            node["label"],
            parent_id=parent_id,
            shortcut=node.get("shortcut"),
            position=position,
            description=node.get("description", ""),
        )
        project.apply(op)
        _create_claims(project, node.get("children", []), op.claim.id)


def add_seed_codebook(project: ProjectService, codebook_file: Path) -> None:
    """Create the actors and claims listed in a seed ``codebook.json``."""
    codebook = json.loads(codebook_file.read_text(encoding="utf-8"))
    for actor in codebook.get("actors", []):
        project.apply(
            CreateActor.new(
                actor["name"], actor.get("kind", "person"), aliases=tuple(actor.get("aliases", ()))
            )
        )
    _create_claims(project, codebook.get("claims", []), None)


def create_demo_project(path: Path) -> tuple[ProjectService, ImportReport]:
    """Create a project at ``path`` holding the seed articles and the starter codebook."""
    seeds = data_dir("seeds")
    project = ProjectService.create(path, name=DEMO_NAME)
    try:
        report = import_paths(project, [seeds])
        add_seed_codebook(project, seeds / "codebook.json")
    except BaseException:
        project.close()
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    return project, report


def ensure_demo_project() -> Path:
    """The demo project's path, (re)creating it when it does not exist."""
    path = demo_project_path()
    if not path.exists():
        log.info("creating the demo project at %s", path)
        project, _ = create_demo_project(path)
        project.close()
    return path

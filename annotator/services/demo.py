"""The demo project: the sample articles in ``seeds/`` with a starter codebook, so a new user
has something real to read, search and code on first start."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from annotator.core.paths import data_dir, demo_project_path
from annotator.services.importing import ImportReport, import_paths
from annotator.services.operations import (
    AddMention,
    AddStatement,
    Batch,
    CreateActor,
    CreateClaim,
    Operation,
)
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


def add_seed_coding(project: ProjectService, coding_file: Path) -> None:
    """Code the spans a seed ``coding.json`` lists, as its coder, in one undoable step: each
    is the first occurrence of its quote in the article imported from its file."""
    coding = json.loads(coding_file.read_text(encoding="utf-8"))
    coder = project.ensure_coder(coding.get("coder", "demo")).id
    actors = {actor.name: actor.id for actor in project.actors()}
    claims = {claim.label: claim.id for claim in project.claims()}
    documents = {d.origin.rsplit("/", 1)[-1]: d.id for d in project.document_summaries()}
    steps: list[Operation] = []
    for entry in coding.get("annotations", []):
        document_id = documents[entry["file"]]
        text = project.document(document_id).text
        start = text.index(entry["quote"])
        end = start + len(entry["quote"])
        if entry["kind"] == "mention":
            steps.append(AddMention(document_id, start, end, actors[entry["actor"]], coder))
        else:
            steps.append(
                AddStatement(
                    document_id,
                    start,
                    end,
                    claims[entry["claim"]],
                    coder,
                    speaker_id=actors[entry["speaker"]] if entry.get("speaker") else None,
                    stance=entry.get("stance"),
                )
            )
    if steps:
        project.apply(Batch(tuple(steps), "example coding"))


def create_demo_project(path: Path, *, coded: bool = True) -> tuple[ProjectService, ImportReport]:
    """Create a project at ``path`` holding the seed articles and the starter codebook, and
    (``coded``) the example coding a new user sees at once."""
    seeds = data_dir("seeds")
    project = ProjectService.create(path, name=DEMO_NAME)
    try:
        report = import_paths(project, [seeds])
        add_seed_codebook(project, seeds / "codebook.json")
        if coded:
            add_seed_coding(project, seeds / "coding.json")
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

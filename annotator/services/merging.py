"""Merging coders' projects into the lead's (docs/team.md): each coder's file is read here
(read-only, only reading) into one :class:`~annotator.services.merge_operations.MergeProjects`
operation, which the executor (services/execute_merge.py) applies in one transaction, one
undo step.

Files that are not coding packages of this project (another lead project's packages, or
projects that are no package of anyone) are refused unless forced: their annotations would
land on documents and codes that are not this project's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.services.changes import ChangeSet
from annotator.services.merge_operations import (
    CoderProject,
    MergeProjects,
    MergeReport,
    SourceDocument,
)
from annotator.services.operations import Operation
from annotator.services.project import ProjectService

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class MergeRefusedError(AnnotatorError):
    """The files cannot be merged into this project (the message names them and why)."""


class MergeCancelledError(AnnotatorError):
    """The reading of the coders' files was cancelled; nothing was changed."""


def read_coder_project(path: Path) -> CoderProject:
    """What a merge needs of the project file at ``path`` (opened read-only: a coder may
    still have it open)."""
    with ProjectService.open(Path(path), read_only=True, backup=False) as project:
        info = project.info()
        documents = tuple(
            SourceDocument(d.id, project.document(d.id).text_sha256, d.title)
            for d in project.document_summaries()
        )
        return CoderProject(
            path=str(path),
            project_id=info.id,
            lead_project_id=info.lead_project_id,
            created_at=info.created_at,
            stance_scale=info.stance_scale,
            coders=tuple(project.coders()),
            actors=tuple(project.actors()),
            claims=tuple(project.claims()),
            documents=documents,
            annotations=tuple(project.annotations()),
        )


def _problem(own: str, path: str, project_id: str, lead_project_id: str | None) -> str | None:
    if lead_project_id == own or project_id == own:
        return None
    if lead_project_id is None:
        return f"{path} is not a coding package (made by `annotator package`)"
    return (
        f"{path} is a package of another project (id {lead_project_id}), not of this one (id {own})"
    )


def foreign_files(project: ProjectService, sources: Sequence[CoderProject]) -> list[str]:
    """Why each of ``sources`` that is not a package of ``project`` (nor a copy of it) is not
    (empty when all are)."""
    own = project.info().id
    found = (_problem(own, s.path, s.project_id, s.lead_project_id) for s in sources)
    return [problem for problem in found if problem is not None]


def _check_paths(project: ProjectService, paths: Sequence[Path]) -> None:
    """Refuse no file, the project itself (under any name) and a file named twice."""
    if not paths:
        raise MergeRefusedError("name at least one coder's project file to merge")
    seen: set[Path] = set()
    for path in paths:
        resolved = Path(path).resolve()
        if resolved == project.path or (resolved.exists() and resolved.samefile(project.path)):
            raise MergeRefusedError(f"{path} is this project itself; nothing to merge")
        if resolved in seen:
            raise MergeRefusedError(f"{path} is named twice")
        seen.add(resolved)


def foreign_paths(project: ProjectService, paths: Sequence[Path]) -> list[str]:
    """:func:`foreign_files` of the files ``paths``, reading only their project records (the
    window asks before it merges them anyway).

    Raises:
        MergeRefusedError: as :func:`read_merge` for the project itself or a file twice.
    """
    _check_paths(project, paths)
    own = project.info().id
    problems = []
    for path in paths:
        with ProjectService.open(Path(path), read_only=True, backup=False) as source:
            info = source.info()
        problem = _problem(own, str(path), info.id, info.lead_project_id)
        if problem is not None:
            problems.append(problem)
    return problems


def read_merge(
    project: ProjectService,
    paths: Sequence[Path],
    *,
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> MergeProjects:
    """The operation that merges the coders' files ``paths`` into ``project`` (only reads).

    Raises:
        MergeRefusedError: a file is the project itself, is named twice, or (without
            ``force``) is not a coding package of this project.
        MergeCancelledError: ``cancelled`` said so between two files.
        NotAProjectError: a file is not a project.
    """
    _check_paths(project, paths)
    sources = []
    for number, path in enumerate(paths):
        if cancelled is not None and cancelled():
            raise MergeCancelledError("the merge was cancelled; nothing was changed")
        if progress is not None:
            progress(number, len(paths))
        sources.append(read_coder_project(Path(path)))
    if progress is not None:
        progress(len(paths), len(paths))
    problems = foreign_files(project, sources)
    if problems and not force:
        raise MergeRefusedError(
            "; ".join(problems) + ". Nothing was merged (--force merges them anyway)."
        )
    return MergeProjects(tuple(sources))


def merge_projects(
    project: ProjectService,
    paths: Sequence[Path],
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[MergeReport, ChangeSet, Operation]:
    """Merge the coders' files ``paths`` into ``project``: what happened, what changed, and
    the operation that undoes it."""
    op = read_merge(project, paths, force=force, progress=progress)
    inverse, changes = project.apply(op)
    return op.report, changes, inverse

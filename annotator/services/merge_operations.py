"""The operations of a merge of coders' projects (docs/team.md) and what a merge reports.

:class:`MergeProjects` carries everything read from the coders' files (read by
services/merging.py, off the GUI thread); its executor (services/execute_merge.py) brings
their annotations into the project in one transaction, one undo step. :class:`AddMergeSource`
and :class:`RemoveMergeSource` write the provenance rows it makes (and undo them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from annotator.core.records import (
    ActorRecord,
    AnnotationRecord,
    ClaimRecord,
    CoderRecord,
    MergeSourceRecord,
)
from annotator.services.operations import Operation


@dataclass(frozen=True, slots=True)
class SourceDocument:
    id: str
    text_sha256: str
    title: str


@dataclass(frozen=True)
class CoderProject:
    """What a merge takes from one coder's project file (a coding package, as a rule)."""

    path: str
    """The file as the user named it (recorded as the annotations' source)."""
    project_id: str
    lead_project_id: str | None
    created_at: dt.datetime
    """When the file was made: an annotation not changed since came in with the package."""
    stance_scale: tuple[str, ...]
    coders: tuple[CoderRecord, ...]
    actors: tuple[ActorRecord, ...]
    claims: tuple[ClaimRecord, ...]
    """Parents before their sub-claims."""
    documents: tuple[SourceDocument, ...]
    annotations: tuple[AnnotationRecord, ...]


@dataclass
class SourceReport:
    """What one coder's file brought."""

    path: str
    coders: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Came with the package unchanged, and deleted in this project since: left out."""
    rejected: int = 0
    conflicts: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Why annotations were rejected or skipped."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "coders": self.coders,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "messages": self.messages,
        }


@dataclass
class MergeReport:
    """What a merge did, file by file, and the codebook it brought along."""

    sources: list[SourceReport] = field(default_factory=list)
    new_actors: list[str] = field(default_factory=list)
    new_claims: list[str] = field(default_factory=list)
    new_coders: list[str] = field(default_factory=list)
    new_stances: list[str] = field(default_factory=list)
    by_name: list[str] = field(default_factory=list)
    """Actors, claims and coders found by name because their ids are not in the project."""
    named_differently: list[str] = field(default_factory=list)
    """Actors and claims (same id) named otherwise in a coder's file: renamed by the coder, or
    here since the package was made. The project's names are kept."""

    def total(self, what: str) -> int:
        return sum(int(getattr(source, what)) for source in self.sources)

    @property
    def conflicts(self) -> list[str]:
        return [conflict for source in self.sources for conflict in source.conflicts]

    @property
    def partial(self) -> bool:
        """Whether something was left out: a conflict or a rejected annotation (exit 3)."""
        return bool(self.conflicts or self.total("rejected"))

    def summary(self) -> str:
        words = (
            f"merged {len(self.sources)} file{'s' if len(self.sources) != 1 else ''}: "
            f"added {self.total('added')}, updated {self.total('updated')}, "
            f"unchanged {self.total('unchanged')}, conflicts {len(self.conflicts)}, "
            f"rejected {self.total('rejected')}"
        )
        if self.total("skipped"):
            words += f", skipped {self.total('skipped')}"
        return words

    def lines(self) -> list[str]:
        """The whole report, line by line, for a terminal or a message box."""
        lines = [self.summary()]
        for source in self.sources:
            who = ", ".join(source.coders) or "no coder"
            lines.append(
                f"{source.path} ({who}): added {source.added}, updated {source.updated}, "
                f"unchanged {source.unchanged}, conflicts {len(source.conflicts)}, "
                f"rejected {source.rejected}, skipped {source.skipped}"
            )
        for title, names in (
            ("new actors", self.new_actors),
            ("new claims", self.new_claims),
            ("new coders", self.new_coders),
            ("stance values added", self.new_stances),
        ):
            if names:
                lines.append(f"{title}: {', '.join(names)}")
        lines.extend(f"found by name: {line}" for line in self.by_name)
        lines.extend(f"named differently: {line}" for line in self.named_differently)
        lines.extend(f"conflict: {line}" for line in self.conflicts)
        lines.extend(f"left out: {line}" for s in self.sources for line in s.messages)
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.total("added"),
            "updated": self.total("updated"),
            "unchanged": self.total("unchanged"),
            "skipped": self.total("skipped"),
            "rejected": self.total("rejected"),
            "conflicts": self.conflicts,
            "new_actors": self.new_actors,
            "new_claims": self.new_claims,
            "new_coders": self.new_coders,
            "new_stances": self.new_stances,
            "by_name": self.by_name,
            "named_differently": self.named_differently,
            "sources": [source.as_dict() for source in self.sources],
        }


@dataclass(frozen=True)
class MergeProjects(Operation):
    """Bring the annotations of coders' projects in, with their provenance (which file, when;
    the coder is the annotation's own), as the executor's docstring says. Its inverse takes
    out exactly what came in; merging the same files again changes nothing."""

    sources: tuple[CoderProject, ...]
    report: MergeReport = field(default_factory=MergeReport, compare=False, repr=False)
    label = "merge coders' projects"


@dataclass(frozen=True)
class AddMergeSource(Operation):
    source: MergeSourceRecord
    label = "record a merged file"


@dataclass(frozen=True)
class RemoveMergeSource(Operation):
    """Refused while annotations name it as their source."""

    id: str
    label = "forget a merged file"

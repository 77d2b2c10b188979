"""Operations: plain, frozen dataclasses describing one change each (STYLE.md §3).

:func:`annotator.services.execute.execute` applies an operation inside a write transaction
and returns ``(inverse, changes)``; applying the inverse undoes it exactly (same ids, same
timestamps), and the inverse of the inverse redoes it. Operations built by the user leave
``updated_at`` and ids to their defaults; inverses carry explicit values.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from annotator.core.models import new_id
from annotator.core.records import (
    ActorRecord,
    AliasRecord,
    AnnotationRecord,
    ClaimRecord,
    CoderRecord,
    DocumentRecord,
)
from annotator.services.load_report import LoadReport


class Unset(enum.Enum):
    """Marks a field an edit leaves as it is (``None`` is a real value: "clear it")."""

    UNSET = "unset"


UNSET = Unset.UNSET


class Operation:
    """Base class of every operation; ``label`` names it in the Edit menu ("Undo <label>")."""

    label = "change"


# --- documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AddDocuments(Operation):
    documents: tuple[DocumentRecord, ...]
    label = "import documents"


@dataclass(frozen=True)
class DeleteDocuments(Operation):
    """Refused for documents that carry annotations (delete those first), unless
    ``with_annotations``: then their annotations go too, and the inverse puts them back."""

    ids: tuple[str, ...]
    with_annotations: bool = False
    label = "delete documents"


@dataclass(frozen=True)
class AddMention(Operation):
    document_id: str
    start: int
    end: int
    actor_id: str
    coder_id: str
    note: str = ""
    id: str = field(default_factory=new_id)
    label = "add mention"


@dataclass(frozen=True)
class AddStatement(Operation):
    document_id: str
    start: int
    end: int
    claim_id: str
    coder_id: str
    speaker_id: str | None = None
    stance: str | None = None
    note: str = ""
    id: str = field(default_factory=new_id)
    label = "add statement"


@dataclass(frozen=True)
class RestoreAnnotation(Operation):
    """Put an annotation in exactly as ``record`` gives it, ids and times included: the
    inverse of a delete, and how a dataset load brings in a coded row."""

    record: AnnotationRecord
    label = "restore annotation"


@dataclass(frozen=True)
class EditAnnotation(Operation):
    """Change a mention's or statement's span, coding or note."""

    id: str
    start: int | Unset = UNSET
    end: int | Unset = UNSET
    actor_id: str | Unset | None = UNSET
    claim_id: str | Unset | None = UNSET
    stance: str | Unset | None = UNSET
    note: str | Unset = UNSET
    updated_at: dt.datetime | Unset = UNSET
    label = "edit annotation"


@dataclass(frozen=True)
class DeleteAnnotation(Operation):
    id: str
    label = "delete annotation"


# --- actors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateActor(Operation):
    actor: ActorRecord
    label = "create actor"

    @classmethod
    def new(
        cls,
        name: str,
        kind: str = "person",
        *,
        aliases: tuple[str, ...] = (),
        description: str = "",
        colour: str = "",
    ) -> CreateActor:
        return cls(
            ActorRecord(
                id=new_id(),
                name=name,
                kind=kind,
                description=description,
                colour=colour,
                aliases=tuple(AliasRecord(new_id(), alias) for alias in aliases),
            )
        )


@dataclass(frozen=True)
class EditActor(Operation):
    """Rename an actor or change its kind, description or colour."""

    id: str
    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    description: str | Unset = UNSET
    colour: str | Unset = UNSET
    label = "edit actor"


@dataclass(frozen=True)
class DeleteActor(Operation):
    """Refused while annotations use the actor (merge it into another one instead)."""

    id: str
    label = "delete actor"


@dataclass(frozen=True)
class AddAlias(Operation):
    actor_id: str
    alias: str
    id: str = field(default_factory=new_id)
    label = "add alias"


@dataclass(frozen=True)
class RemoveAlias(Operation):
    id: str
    label = "remove alias"


@dataclass(frozen=True)
class MergeActors(Operation):
    """Fold ``source`` into ``target``: its annotations and aliases move to the target and
    its name becomes an alias of the target (``alias_id`` fixes that alias's id on redo)."""

    source_id: str
    target_id: str
    alias_id: str = field(default_factory=new_id)
    label = "merge actors"


@dataclass(frozen=True)
class UnmergeActors(Operation):
    """The inverse of :class:`MergeActors`: everything it moved goes back."""

    source: ActorRecord
    target_id: str
    annotation_ids: tuple[str, ...]
    moved_alias_ids: tuple[str, ...]
    added_alias_id: str | None
    label = "unmerge actors"


# --- claims --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateClaim(Operation):
    claim: ClaimRecord
    label = "create claim"

    @classmethod
    def new(
        cls,
        label: str,
        *,
        parent_id: str | None = None,
        description: str = "",
        colour: str = "",
        shortcut: str | None = None,
        position: int = 0,
    ) -> CreateClaim:
        return cls(ClaimRecord(new_id(), label, description, parent_id, colour, shortcut, position))


@dataclass(frozen=True)
class EditClaim(Operation):
    """Rename a claim or change its description, colour or shortcut."""

    id: str
    label_text: str | Unset = UNSET
    description: str | Unset = UNSET
    colour: str | Unset = UNSET
    shortcut: str | Unset | None = UNSET
    label = "edit claim"


@dataclass(frozen=True)
class MoveClaim(Operation):
    """Move a claim under another parent (None: to the top level) and/or reorder it."""

    id: str
    parent_id: str | None
    position: int = 0
    label = "move claim"


@dataclass(frozen=True)
class MergeClaims(Operation):
    """Fold claim ``source`` into ``target``: its statements and sub-claims move to the
    target and the source is deleted."""

    source_id: str
    target_id: str
    label = "merge claims"


@dataclass(frozen=True)
class UnmergeClaims(Operation):
    """The inverse of :class:`MergeClaims`: the claim comes back with what it had."""

    source: ClaimRecord
    target_id: str
    annotation_ids: tuple[str, ...]
    child_ids: tuple[str, ...]
    label = "unmerge claims"


@dataclass(frozen=True)
class DeleteClaim(Operation):
    """Refused while annotations use the claim or it has sub-claims."""

    id: str
    label = "delete claim"


# --- several at once ---


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one change: one transaction, one undo step (e.g. create an
    actor and code a mention of it). A refusal of any step refuses them all."""

    steps: tuple[Operation, ...]
    text: str = "change"

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.text


# --- project -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetStanceScale(Operation):
    """Replace the ordered stance values. ``renames`` ((old, new) pairs) recodes the
    statements that carry an old value in the same step; refused if it drops a value
    statements still use, or a rename would merge two values."""

    scale: tuple[str, ...]
    renames: tuple[tuple[str, str], ...] = ()
    label = "set stance scale"


@dataclass(frozen=True)
class SetUpProject(Operation):
    """The project record of a new project file (its name, stance scale and schema
    version); a new file's set-up has no undo but deleting the file."""

    name: str
    stance_scale: tuple[str, ...]
    schema_version: int
    lead_project_id: str | None = None
    """A coding package's: the lead's project it is made from (services/packages.py)."""
    label = "set up project"


# --- coders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateCoder(Operation):
    coder: CoderRecord
    label = "add coder"


@dataclass(frozen=True)
class DeleteCoder(Operation):
    """Refused while annotations carry the coder."""

    id: str
    label = "remove coder"


# --- a coded dataset -----------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetRow:
    """One row of a dataset file: its values, or why it could not even be read."""

    number: int
    values: dict[str, object] | None
    problem: str | None = None


@dataclass(frozen=True)
class DatasetTable:
    """The rows of one dataset file (``table`` is documents, actors, claims, statements or
    mentions), in file order."""

    table: str
    file_name: str
    """How messages name the file (or the sheet of a workbook)."""
    rows: tuple[DatasetRow, ...]
    unit: str = "line"
    """What a row's number counts: line (JSONL), row (CSV, XLSX: the header is 1)..."""


@dataclass(frozen=True)
class LoadDataset(Operation):
    """Upsert a coded dataset (read by :mod:`annotator.services.dataset_load`): documents by
    text hash, actors and claims by id then name, coders by name, statements and mentions by
    id. Each row goes in whole or not at all; a row that cannot is counted and named in
    ``report``, which the executor fills, and the rest still go in. Its inverse undoes
    exactly what went in; the inverse of that redoes it with the same ids."""

    tables: tuple[DatasetTable, ...]
    stance_values: tuple[str, ...] = ()
    """Values of the dataset's stance scale the project lacks are appended to its scale."""
    lossy_format: str | None = None
    """The format, when it could not carry every text exactly (csv: U+0000, xlsx: control
    characters, each written as U+FFFD): a note that comes back as that format writes the
    stored one keeps the stored one."""
    update_codebook: bool = False
    """Whether an actor or claim found by id takes the row's name, kind, description and
    colour (a codebook import); a dataset load leaves the project's codebook as it is."""
    report: LoadReport = field(default_factory=LoadReport, compare=False, repr=False)
    label = "load coded dataset"


# The documents' detail operations, in their own module (this one stays short); named here as
# every other operation is.
from annotator.services.document_operations import (  # noqa: E402
    EditDocument as EditDocument,
)
from annotator.services.document_operations import (  # noqa: E402
    SetDocumentExtra as SetDocumentExtra,
)
from annotator.services.document_operations import (  # noqa: E402
    SetDocumentStatus as SetDocumentStatus,
)

"""What every executor shares: the dispatcher and the rules each applies before it writes.

:func:`execute` is one ``singledispatch`` function; the executors of each kind of operation
register on it in their own modules (``execute.py`` for documents, annotations and coders;
``execute_project.py`` for the project's set-up and stance scale; ``execute_actors.py``,
``execute_claims.py``; ``execute_load.py`` for a coded dataset). Each runs inside the
caller's write transaction (see :meth:`annotator.services.project.ProjectService.apply`),
validates before it writes and returns ``(inverse, changes)``. A refusal raises
:class:`OperationRefusedError` with a message for the user; the transaction is then rolled
back, so nothing is half applied.

These are the only functions that write to a project (a test holds them to it).
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TypeVar

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet

Result = tuple[ops.Operation, ChangeSet]
RowT = TypeVar("RowT")


@functools.singledispatch
def execute(op: ops.Operation, session: Session) -> Result:
    """Apply ``op`` in ``session`` and return its inverse and change set."""
    raise TypeError(f"no executor for {type(op).__name__}")


def get_row(session: Session, model: type[RowT], id_: str, what: str) -> RowT:
    """The row ``id_`` of ``model``, or a refusal naming ``what`` is missing."""
    row = session.get(model, id_)
    if row is None:
        raise OperationRefusedError(f"{what} {id_} does not exist (it may have been deleted)")
    return row


def clean_name(name: str, what: str) -> str:
    """A name as stored: composed (NFC) like the texts, spaces collapsed, never empty."""
    # "José" typed with a combining accent is the same name, not a second alias that a
    # load of the exported dataset would drop (#17.8).
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise OperationRefusedError(f"{what} cannot be empty")
    return cleaned


def stance_scale(session: Session) -> list[str]:
    """The project's ordered stance values."""
    project = session.exec(select(models.Project)).one()
    return list(project.stance_scale)

"""Recoding many rows of the Statements view at once: the speaker (or a mention's actor), the
claim or the stance of every selected row, chosen once in the usual picker, as ONE undo step.

Rows a change does not apply to are left as they are and counted in the message: mentions
have no claim or stance, and a mention cannot lose its actor. Large batches are applied off
the GUI thread (gui/operation_runner.py), still as one step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.core.statement_table import StatementRow
from annotator.gui.choices import actor_choices, claim_choices
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.dialogs import Dialogs
from annotator.gui.operation_runner import run_operation
from annotator.gui.picker import Choice, PickerDialog, StanceDialog
from annotator.gui.session import ProjectSession
from annotator.services import operations as ops

NO_SPEAKER = "__none__"
IN_BACKGROUND = 200
"""Above this many changes, the batch is applied off the GUI thread (an edit costs about
1.2 ms: 5,000 took 5.9 s at 110,000 annotations)."""
WHATS = ("actor", "claim", "stance")


class StatementRecoder:
    def __init__(
        self,
        parent: QWidget,
        session: ProjectSession,
        codebook: CodebookCache,
        dialogs: Dialogs,
        report: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._session = session
        self._codebook = codebook
        self._dialogs = dialogs
        self._report = report

    def _tr(self, text: str) -> str:
        return self._parent.tr(text)

    def recode(self, what: str, rows: list[StatementRow]) -> bool:
        """Ask for the new ``what`` (``"actor"``, ``"claim"`` or ``"stance"``) of ``rows``
        and apply it as one step; False when nothing was changed."""
        if self._session.read_only_reason:
            self._report(self._session.read_only_reason)
            return False
        if not rows:
            self._report(self._tr("Select rows of the Statements table first"))
            return False
        answer = self._ask(what, rows)
        if answer is None:
            return False
        steps, left_out = _edits(what, answer[0], rows)
        if not steps:
            self._report(self._left_out_message(0, left_out))
            return False
        text = self._tr("Recode {0} annotations").format(len(steps))
        op = ops.Batch(tuple(steps), text)
        if len(steps) <= IN_BACKGROUND:
            done = self._session.push(op, text)
            if done:
                self._report(self._left_out_message(len(steps), left_out))
            return done
        run_operation(
            self._session,
            self._parent,
            text,
            lambda _progress, _cancelled: (op, None),
            undo_text=lambda _result: text,
            on_done=lambda _result: self._report(self._left_out_message(len(steps), left_out)),
            on_failed=lambda message: self._dialogs.warning(self._tr("Not recoded"), message),
        )
        return True

    def _left_out_message(self, changed: int, left_out: int) -> str:
        message = self._tr("Recoded {0} annotations").format(changed)
        if left_out:
            message += self._tr("; {0} left as they were (not applicable)").format(left_out)
        return message

    def _ask(self, what: str, rows: list[StatementRow]) -> tuple[str | None] | None:
        """(the new value,), None in it meaning no speaker; None when cancelled."""
        count = len(rows)
        if what == "stance":
            project = self._session.project
            assert project is not None
            stance = StanceDialog(
                project.info().stance_scale,
                self._parent,
                step=self._tr("The stance of the {0} selected statements.").format(count),
            )
            return (stance.chosen,) if self._dialogs.run(stance) and stance.chosen else None
        if what == "claim":
            choices = claim_choices(self._codebook)
            title, hint = self._tr("Claim"), self._tr("The claim of the {0} selected statements")
        else:
            choices = [Choice(NO_SPEAKER, self._tr("(no speaker)")), *actor_choices(self._codebook)]
            title = self._tr("Speaker / actor")
            hint = self._tr("The speaker (or a mention's actor) of the {0} selected rows")
        current = {getattr(r, f"{what}_id") for r in rows}
        dialog = PickerDialog(
            title,
            choices,
            preselect=next(iter(current)) if len(current) == 1 else None,
            hint=hint.format(count) + self._tr(". Type to filter; Enter picks."),
            tree=what == "claim",
            parent=self._parent,
        )
        if not self._dialogs.run(dialog) or dialog.chosen is None or dialog.chosen.id is None:
            return None
        return (None if dialog.chosen.id == NO_SPEAKER else dialog.chosen.id,)


def _edits(
    what: str, value: str | None, rows: list[StatementRow]
) -> tuple[list[ops.Operation], int]:
    """(the edits that change something, how many rows it cannot apply to)."""
    steps: list[ops.Operation] = []
    left_out = 0
    for row in rows:
        if row.kind == "mention" and (what != "actor" or value is None):
            left_out += 1
            continue
        if what == "actor" and row.actor_id != value:
            steps.append(ops.EditAnnotation(row.id, actor_id=value))
        elif what == "claim" and row.claim_id != value:
            steps.append(ops.EditAnnotation(row.id, claim_id=value))
        elif what == "stance" and (row.stance or None) != value:
            steps.append(ops.EditAnnotation(row.id, stance=value))
    return steps, left_out

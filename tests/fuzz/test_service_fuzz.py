"""Random operation sequences at the service layer (hypothesis stateful testing), with the
project's invariants checked after every step: the file's integrity, references and anchors
(``check``), each operation's inverse restoring the exact previous state, and a refused
operation changing nothing. Text comes from all of Unicode: surrogates (which normalisation
replaces), combining marks, right-to-left, NUL and other controls."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from annotator.core.check import check_project
from annotator.core.errors import OperationRefusedError
from annotator.core.models import new_id
from annotator.core.records import ActorRecord
from annotator.services import operations as ops
from annotator.services.project import ProjectService

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30) | st.sampled_from(
    ["", "\u0301", "שלום", "\u202e", "\0", "a\r\nb", "=1+1", "👨‍👩‍👧"]
)
EXPLORE = os.environ.get("HYPOTHESIS_EXPLORE")
TABLES = ("document", "actor", "actor_alias", "claim", "coder", "annotation", "project")


def _snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        state = {t: sorted(connection.execute(f"SELECT * FROM {t}")) for t in TABLES}
    connection.close()
    return state


TEMPLATE: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def _template(demo_template):
    TEMPLATE["path"] = demo_template


class ProjectMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-fuzz-"))
        self.path = self.folder / "fuzz.annot"
        shutil.copy(TEMPLATE["path"], self.path)
        self.project = ProjectService.open(self.path)
        self.coder = self.project.ensure_coder("fuzzer").id
        self.documents = [(d.id, d.length) for d in self.project.document_summaries()]
        self.claims = [c.id for c in self.project.claims()]
        self.undo: list[tuple[ops.Operation, dict[str, list[tuple[Any, ...]]]]] = []

    def teardown(self) -> None:
        self.project.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _apply(self, operation: ops.Operation) -> None:
        before = _snapshot(self.path)
        try:
            inverse, _changes = self.project.apply(operation)
        except OperationRefusedError:
            assert _snapshot(self.path) == before, "a refused operation changed the project"
            return
        self.undo.append((inverse, before))

    def _actors(self) -> list[str]:
        return [a.id for a in self.project.actors()]

    def _annotations(self) -> list[str]:
        return [a.id for a in self.project.annotations()]

    @rule(data=st.data(), note=ANY_TEXT)
    def add_statement(self, data: st.DataObject, note: str) -> None:
        document_id, length = data.draw(st.sampled_from(self.documents))
        start = data.draw(st.integers(-2, length + 2))
        end = data.draw(st.integers(start - 1, start + 80))
        speaker = data.draw(st.sampled_from([None, *self._actors()]))
        self._apply(
            ops.AddStatement(
                document_id,
                start,
                end,
                data.draw(st.sampled_from(self.claims)),
                self.coder,
                speaker_id=speaker,
                stance=data.draw(st.sampled_from([None, "support", "bogus"])),
                note=note,
            )
        )

    @precondition(lambda self: bool(self._actors()))
    @rule(data=st.data())
    def add_mention(self, data: st.DataObject) -> None:
        document_id, length = data.draw(st.sampled_from(self.documents))
        start = data.draw(st.integers(0, max(0, length - 1)))
        end = data.draw(st.integers(start + 1, start + 40))
        actor = data.draw(st.sampled_from(self._actors()))
        self._apply(ops.AddMention(document_id, start, end, actor, self.coder))

    @precondition(lambda self: bool(self._annotations()))
    @rule(data=st.data(), note=ANY_TEXT)
    def edit_annotation(self, data: st.DataObject, note: str) -> None:
        target = data.draw(st.sampled_from(self._annotations()))
        shift = data.draw(st.integers(-5, 5))
        annotation = self.project.annotation(target)
        self._apply(ops.EditAnnotation(target, start=annotation.start + shift, note=note))

    @precondition(lambda self: bool(self._annotations()))
    @rule(data=st.data())
    def delete_annotation(self, data: st.DataObject) -> None:
        self._apply(ops.DeleteAnnotation(data.draw(st.sampled_from(self._annotations()))))

    @rule(name=ANY_TEXT)
    def create_actor(self, name: str) -> None:
        self._apply(ops.CreateActor(ActorRecord(new_id(), name)))

    @precondition(lambda self: bool(self._actors()))
    @rule(data=st.data(), name=ANY_TEXT)
    def rename_actor(self, data: st.DataObject, name: str) -> None:
        self._apply(ops.EditActor(data.draw(st.sampled_from(self._actors())), name=name))

    @precondition(lambda self: len(self._actors()) > 1)
    @rule(data=st.data())
    def merge_actors(self, data: st.DataObject) -> None:
        source, target = data.draw(
            st.lists(st.sampled_from(self._actors()), min_size=2, max_size=2, unique=True)
        )
        self._apply(ops.MergeActors(source, target))

    @precondition(lambda self: bool(self._actors()))
    @rule(data=st.data())
    def delete_actor(self, data: st.DataObject) -> None:
        self._apply(ops.DeleteActor(data.draw(st.sampled_from(self._actors()))))

    @rule(data=st.data(), text=ANY_TEXT)
    def edit_document(self, data: st.DataObject, text: str) -> None:
        document_id, _length = data.draw(st.sampled_from(self.documents))
        field = data.draw(st.sampled_from(["title", "source", "author", "url", "language"]))
        metadata = data.draw(st.sampled_from([None, ((text, text),), (("page", text),)]))
        edit: dict[str, Any] = {field: text}
        self._apply(ops.EditDocument(document_id, fields=metadata, **edit))

    @rule(data=st.data())
    def set_status(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(self.documents), min_size=1, max_size=3))
        status = data.draw(st.sampled_from(["not started", "in progress", "done", "bogus"]))
        self._apply(ops.SetDocumentStatus(tuple(i for i, _ in ids), status))

    @rule(data=st.data())
    def delete_document(self, data: st.DataObject) -> None:
        document_id, _length = data.draw(st.sampled_from(self.documents))
        self._apply(ops.DeleteDocuments((document_id,), with_annotations=True))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        """The inverse of the last operation restores the state before it exactly."""
        inverse, before = self.undo.pop()
        self.project.apply(inverse)
        assert _snapshot(self.path) == before, f"undoing with {type(inverse).__name__}"

    @invariant()
    def the_project_is_sound(self) -> None:
        report = check_project(self.path)
        assert report.ok, report.problems


TestServiceFuzz = pytest.mark.slow(ProjectMachine.TestCase)
TestServiceFuzz.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    # The same sequences on every CI run (a landing must not depend on luck); run with
    # HYPOTHESIS_EXPLORE=1 locally to draw new ones.
    derandomize=EXPLORE is None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    derandomize=EXPLORE is None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(notes=st.lists(ANY_TEXT, min_size=1, max_size=4), actor_name=ANY_TEXT, title=ANY_TEXT)
def test_any_text_survives_export_and_load(demo_template, notes, actor_name, title):
    """Notes, actor names and document titles from all of Unicode: export → load into a
    fresh project → export again gives the same statements and documents (their coding
    status too), byte for byte (CSV and JSONL)."""
    from annotator.services.dataset_export import export_dataset
    from annotator.services.dataset_load import load_dataset

    with tempfile.TemporaryDirectory(prefix="annotator-fuzz-") as scratch:
        folder = Path(scratch)
        shutil.copy(demo_template, folder / "a.annot")
        with ProjectService.open(folder / "a.annot") as project:
            coder = project.ensure_coder("fuzzer").id
            document = project.document_summaries()[0].id
            claim = project.claims()[0].id
            # A name that is empty or taken after normalisation is refused: fine here.
            with contextlib.suppress(OperationRefusedError):
                project.apply(ops.CreateActor(ActorRecord(new_id(), actor_name)))
            speaker = project.actors()[-1].id
            with contextlib.suppress(OperationRefusedError):  # too long: refused, fine
                project.apply(ops.EditDocument(document, title=title))
            project.apply(ops.SetDocumentStatus((document,), "in progress"))
            for number, note in enumerate(notes):
                project.apply(
                    ops.AddStatement(
                        document,
                        number * 7,
                        number * 7 + 5,
                        claim,
                        coder,
                        speaker_id=speaker,
                        stance="support",
                        note=note,
                    )
                )
            for fmt in ("jsonl", "csv"):
                export_dataset(project, folder / f"first-{fmt}", fmt=fmt)
        shutil.copy(demo_template, folder / "b.annot")
        with ProjectService.open(folder / "b.annot") as other:
            report, _changes, _undo = load_dataset(other, folder / "first-jsonl")
            assert report.total("rejected") == 0, report.messages
            for fmt in ("jsonl", "csv"):
                export_dataset(other, folder / f"second-{fmt}", fmt=fmt)
        for fmt in ("jsonl", "csv"):
            for table in ("statements", "documents"):
                first = (folder / f"first-{fmt}" / f"{table}.{fmt}").read_bytes()
                second = (folder / f"second-{fmt}" / f"{table}.{fmt}").read_bytes()
                assert first == second, table

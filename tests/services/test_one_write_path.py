"""One write path (DESIGN.md §2, issue #15.1): every change to a project's rows is made by an
operation's executor inside ProjectService.apply; nothing else writes.

Two checks: every INSERT, UPDATE and DELETE that reaches SQLite while a project is created,
set up with a coder, imported into, coded, loaded from a dataset and undone comes from an
executor (or the change journal that apply writes); and no module but those holds code that
writes through a session.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from annotator.services import operations as ops
from annotator.services.dataset_export import export_dataset
from annotator.services.dataset_load import load_dataset
from annotator.services.demo import create_demo_project
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
EXECUTORS = {
    "services/execute.py",
    "services/execute_actors.py",
    "services/execute_documents.py",
    "services/execute_claims.py",
    "services/execute_load.py",
    "services/execute_project.py",
    "services/execute_merge.py",
    "services/execute_merge_sources.py",
    "services/load_codebook.py",
}
JOURNAL = "services/transaction.py"  # record_changes, called by apply after the executor
# Opening a file brings its schema up to date (the Alembic migrations): storage, not data.
MIGRATIONS = "core/migrations.py"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
NOT_PROJECT_DATA = re.compile(r"alembic_version|sqlite_", re.IGNORECASE)


def _writer(stack: list[traceback.FrameSummary]) -> str:
    """The innermost module of ours on the stack, relative to the package."""
    ours = [f.filename for f in stack if f.filename.startswith(str(PACKAGE))]
    return Path(ours[-1]).relative_to(PACKAGE).as_posix() if ours else "(none)"


@pytest.fixture
def writers() -> Iterator[list[tuple[str, str]]]:
    found: list[tuple[str, str]] = []

    def before(_conn, _cursor, statement, _params, _context, _many) -> None:
        if WRITE.match(statement) and not NOT_PROJECT_DATA.search(statement):
            found.append((_writer(traceback.extract_stack()), statement.split("(")[0][:60]))

    event.listen(Engine, "before_cursor_execute", before)
    yield found
    event.remove(Engine, "before_cursor_execute", before)


def test_every_write_of_a_working_session_comes_from_an_executor(writers, tmp_path):
    project, _report = create_demo_project(tmp_path / "demo.annot")  # set-up, import, coding
    article = tmp_path / "new.txt"
    article.write_text("Kim Jong Un met Vladimir Putin in Vostochny.\n", encoding="utf-8")
    import_paths(project, [article])
    export_dataset(project, tmp_path / "dataset", fmt="jsonl")
    other = ProjectService.create(tmp_path / "other.annot")
    other.ensure_coder("second coder")
    _loaded, _changes, undo = load_dataset(other, tmp_path / "dataset")
    other.apply(undo)
    statement = next(a for a in project.annotations() if a.kind == "statement")
    project.apply(ops.EditAnnotation(statement.id, note="checked"))
    project.close()
    other.close()
    kinds = {statement.split()[0].upper() for _writer, statement in writers}
    assert kinds >= {"INSERT", "UPDATE", "DELETE"}  # the workload did write all three ways
    outside = {
        (writer, statement)
        for writer, statement in writers
        if writer not in EXECUTORS and writer not in (JOURNAL, MIGRATIONS)
    }
    assert outside == set()


# Modules allowed to hold session writes: the executors, the change journal, apply's
# transaction, the storage layer itself, and a backup's restore (which replaces the whole
# file and journals that it did).
ALLOWED = EXECUTORS | {JOURNAL, MIGRATIONS, "services/project.py", "core/db.py", "core/restore.py"}
SESSION_WRITE = re.compile(
    r"session\.(add|add_all|delete|merge)\(|\.execute\((insert|update|delete)\(|"
    r"\.write\(\)|\b(INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b"
)


def test_no_module_but_the_executors_holds_code_that_writes():
    holders = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "search" not in path.relative_to(PACKAGE).parts  # the index is not the project
        and SESSION_WRITE.search(path.read_text(encoding="utf-8"))
    }
    assert holders <= ALLOWED, holders - ALLOWED
    # The pattern finds writes where they are; a load and a merge write only through the
    # other executors, so they follow their codebook rules.
    assert holders & EXECUTORS == EXECUTORS - {
        "services/execute_load.py",
        "services/execute_merge.py",
        "services/load_codebook.py",
    }

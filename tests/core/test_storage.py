"""The project file: pragmas, BEGIN IMMEDIATE, migrations with backup, newer schemas."""

import sqlite3
import threading
from pathlib import Path

import alembic.command
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from annotator.core import migrations
from annotator.core.backup import list_backups, make_verified_backup
from annotator.core.db import make_engine, open_database
from annotator.core.errors import MigrationError, NotAProjectError, ReadOnlyProjectError
from annotator.core.models import metadata
from annotator.services.agreement.measure import assignments
from annotator.services.operations import CreateActor
from annotator.services.project import ProjectService


def test_every_connection_carries_the_pragmas(tmp_path):
    with open_database(tmp_path / "p.annot", create=True) as db, db.write() as session:
        connection = session.connection()
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma["journal_mode"] == "wal"
    assert pragma["synchronous"] == 2  # FULL
    assert pragma["foreign_keys"] == 1
    assert int(pragma["busy_timeout"] or 0) >= 5000


def test_write_sessions_take_the_write_lock_at_begin(tmp_path):
    """BEGIN IMMEDIATE: the write lock is held from the start, before any write."""
    path = tmp_path / "p.annot"
    with open_database(path, create=True) as db, db.write():
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_waiting_writer_gets_its_turn_instead_of_database_is_locked(tmp_path):
    path = tmp_path / "p.annot"
    project = ProjectService.create(path)
    release = threading.Event()
    holding = threading.Event()

    def hold_write_lock():
        with project.database.write():
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=hold_write_lock)
    thread.start()
    holding.wait(5)
    timer = threading.Timer(0.2, release.set)
    timer.start()
    project.apply(CreateActor.new("Kim Jong Un"))  # waits (busy_timeout), then commits
    thread.join()
    assert [a.name for a in project.actors()] == ["Kim Jong Un"]
    project.close()


def test_migrating_an_empty_file_gives_exactly_the_models(tmp_path):
    with open_database(tmp_path / "p.annot", create=True) as db:
        assert db.revision == migrations.head_revision()
        with db.read() as session:
            context = MigrationContext.configure(session.connection())
            assert compare_metadata(context, metadata) == []


STAMP = "'2024-01-01T00:00:00.000000+00:00'"
DOCUMENT_ROW = (
    "INSERT INTO document (id, title, source, url, author, language, text, text_sha256, "
    f"origin, imported_at, extra) VALUES ('d1', 'T', '', '', '', '', 'Some text.', 'abc', "
    f"'a.txt', {STAMP}, '{{}}')"
)
"""A document as every revision's table takes it (the columns named)."""


def _make_old_project(path: Path, revision: str = "0001", *rows: str) -> None:
    """A project file at schema ``revision``, with its project row and ``rows`` in it."""
    path.touch()
    engine = make_engine(path, foreign_keys=False)
    migrations.upgrade_to_head(engine, target=revision)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO project (id, singleton, name, schema_version, stance_scale, created_at)"
            f" VALUES ('p1', 1, 'Old', {int(revision)}, '[\"support\"]', {STAMP})"
        )
        for row in rows:
            connection.exec_driver_sql(row)
    engine.dispose()


def test_an_older_project_is_upgraded_after_a_verified_backup(tmp_path):
    path = tmp_path / "old.annot"
    _make_old_project(path)
    with ProjectService.open(path) as project:
        assert project.database.revision == migrations.head_revision()
        assert project.info().schema_version == int(migrations.head_revision())
        assert project.info().name == "Old"
        assert project.watermark() == 0  # the change journal of revision 0002 exists
    backups = list_backups(path)
    assert len(backups) == 1
    assert "pre-migration" in backups[0].name
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert copy.execute("SELECT name FROM project").fetchone() == ("Old",)
    copy.close()


def test_documents_of_revision_0003_come_through_as_not_started(tmp_path):
    path = tmp_path / "old.annot"
    _make_old_project(path, "0003", DOCUMENT_ROW)
    with ProjectService.open(path) as project:
        assert project.document("d1").status == "not started"
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="status"):
        raw.execute("UPDATE document SET status = 'finished' WHERE id = 'd1'")
    raw.close()


def test_a_project_of_revision_0004_comes_through_with_no_lead_and_no_merged_annotations(
    tmp_path,
):
    path = tmp_path / "old.annot"
    _make_old_project(
        path,
        "0004",
        DOCUMENT_ROW,
        "INSERT INTO actor VALUES ('a1', 'Kim', 'kim', 'person', '', '')",
        "INSERT INTO coder VALUES ('c1', 'ann', 'ann')",
        'INSERT INTO annotation (id, document_id, coder_id, kind, start, "end", exact, '
        "prefix, suffix, actor_id, note, created_at, updated_at, anchor_status) VALUES "
        f"('m1', 'd1', 'c1', 'mention', 0, 4, 'Some', '', ' text.', 'a1', '', {STAMP}, "
        f"{STAMP}, 'ok')",
    )
    with ProjectService.open(path) as project:
        info = project.info()
        assert (info.schema_version, info.lead_project_id) == (6, None)
        assert project.annotation("m1").merge_source_id is None
        assert project.annotation("m1").exact == "Some"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        raw.execute("UPDATE annotation SET merge_source_id = 'nowhere' WHERE id = 'm1'")
    raw.close()


def test_a_merge_of_revision_0005_comes_through_with_no_record_of_who_was_given_what(tmp_path):
    path = tmp_path / "old.annot"
    _make_old_project(
        path,
        "0005",
        DOCUMENT_ROW,
        "INSERT INTO actor VALUES ('a1', 'Kim', 'kim', 'person', '', '')",
        "INSERT INTO coder VALUES ('c1', 'ann', 'ann')",
        f"INSERT INTO merge_source VALUES ('s1', 'pack', 'ann.annot', {STAMP})",
        'INSERT INTO annotation (id, document_id, coder_id, kind, start, "end", exact, '
        "prefix, suffix, actor_id, note, created_at, updated_at, anchor_status, "
        f"merge_source_id) VALUES ('m1', 'd1', 'c1', 'mention', 0, 4, 'Some', '', ' text.', "
        f"'a1', '', {STAMP}, {STAMP}, 'ok', 's1')",
    )
    with ProjectService.open(path) as project:
        assert project.info().schema_version == 6
        assert project.annotation("m1").merge_source_id == "s1"
        assert assignments(project) == {}  # not recorded: ann counts where she annotated
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT id, coder_ids, document_ids FROM merge_source").fetchall() == [
        ("s1", None, None)
    ]
    raw.close()


def test_a_failed_upgrade_leaves_schema_data_and_version_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "old.annot"
    _make_old_project(path)
    real_upgrade = alembic.command.upgrade

    def upgrade_then_fail(config, target):
        real_upgrade(config, target)
        raise RuntimeError("simulated failure after the last step")

    monkeypatch.setattr(alembic.command, "upgrade", upgrade_then_fail)
    with pytest.raises(MigrationError, match="rolled back"):
        ProjectService.open(path)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "change_log" not in tables
    assert raw.execute("SELECT schema_version, name FROM project").fetchone() == (1, "Old")
    raw.close()


def test_a_project_from_a_newer_version_opens_read_only_and_says_why(tmp_path):
    path = tmp_path / "new.annot"
    ProjectService.create(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '0999'")
    raw.commit()
    raw.close()
    with ProjectService.open(path) as project:
        assert project.read_only_reason is not None
        assert "newer version" in project.read_only_reason
        assert project.stats()["documents"] == 0  # still readable
        with pytest.raises(ReadOnlyProjectError, match="newer version"):
            project.apply(CreateActor.new("Kim Jong Un"))
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0999",)
    raw.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PK\x03\x04 not a database at all", "not an SQLite file"), (None, "does not exist")],
)
def test_files_that_are_not_projects_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "x.annot"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=message):
        ProjectService.open(path)


def test_an_sqlite_file_of_another_application_is_refused(tmp_path):
    path = tmp_path / "other.annot"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (x)")
    raw.close()
    with pytest.raises(NotAProjectError, match="not an Annotator project"):
        ProjectService.open(path)


def test_backups_rotate(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    for _ in range(4):
        make_verified_backup(path, "open", keep=2)
    assert len(list_backups(path)) == 2


def test_a_project_open_in_this_process_is_never_opened_outside_sqlite(tmp_path):
    """Closing any descriptor of the file drops the process's POSIX locks, SQLite's too;
    a reader elsewhere could then restart the WAL under our writer (tests/reliability)."""
    import sys

    from annotator.core.check import check_project
    from annotator.services.project import ProjectService

    path = tmp_path / "p.annot"
    opened: list[str] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and args and str(args[0]) == str(path.resolve()):
            opened.append(event)

    with ProjectService.create(path) as project:
        sys.addaudithook(hook)  # hooks cannot be removed; this one only records
        with ProjectService.open(path, read_only=True):  # a second handle in one process
            pass
        assert check_project(path).ok
        assert project.stats()["documents"] == 0
        assert opened == []
    assert check_project(path).ok  # closed: reading the header directly is safe again
    assert opened == ["open"]


def test_a_wait_longer_than_the_bound_is_reported_not_database_is_locked(tmp_path, monkeypatch):
    from annotator.core import db
    from annotator.core.errors import ProjectBusyError

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # engines made from here wait 0.2 s
    path = tmp_path / "p.annot"
    project = ProjectService.create(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another connection keeps the write lock
        with pytest.raises(ProjectBusyError, match=r"stayed busy .* create actor was not saved"):
            project.apply(CreateActor.new("Kim Jong Un"))
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()
    project.apply(CreateActor.new("Kim Jong Un"))  # once free, the same change goes through
    assert [a.name for a in project.actors()] == ["Kim Jong Un"]
    project.close()


def test_an_older_project_opened_read_only_is_read_through_an_upgraded_copy(tmp_path):
    path = tmp_path / "old.annot"
    _make_old_project(path, "0003", DOCUMENT_ROW)
    before = path.read_bytes()
    with ProjectService.open(path, read_only=True) as project:
        assert project.info().name == "Old"
        assert project.document("d1").status == "not started"
        assert [d.id for d in project.document_summaries()] == ["d1"]
    assert path.read_bytes() == before  # the file itself is left as it was
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    raw.close()
    assert not list_backups(path)  # nothing was upgraded, so nothing was backed up

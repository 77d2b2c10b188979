"""``annotator check``: is a project file sound? (DESIGN.md §4, §5)

Works on the raw file through the sqlite3 module, read-only, so it can examine a file that the
app would refuse to open (corrupt, not a project, newer schema) and report why.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import migrations
from annotator.core.backup import integrity_errors
from annotator.core.db import SQLITE_HEADER, is_open_in_process
from annotator.core.lock import lock_path_for
from annotator.core.read_access import reading
from annotator.core.restore import interrupted_restore

MAX_LISTED = 20


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "problems": self.problems, **self.facts}


def _anchor_problems(connection: sqlite3.Connection) -> list[str]:
    # SQLite's substr() counts characters (code points) in text, exactly like our offsets.
    rows = connection.execute(
        """
        SELECT a.id, a.start, a."end"
        FROM annotation AS a JOIN document AS d ON d.id = a.document_id
        WHERE a.anchor_status IN ('ok', 'reanchored')
          AND (a."end" > length(d.text) OR substr(d.text, a.start + 1, a."end" - a.start)
               IS NOT a.exact)
        """
    ).fetchall()
    problems = [
        f"annotation {id_}: text[{start}:{end}] is not its stored quote"
        for id_, start, end in rows[:MAX_LISTED]
    ]
    if len(rows) > MAX_LISTED:
        problems.append(f"... and {len(rows) - MAX_LISTED} more annotations with broken anchors")
    return problems


def check_project(path: Path) -> CheckReport:
    """Check integrity, foreign keys, schema version and the anchor invariant of a file."""
    path = Path(path)
    report = CheckReport(path)
    staged = interrupted_restore(path)
    if staged is not None:
        report.facts["interrupted_restore"] = str(staged)
        if not path.exists():
            report.problems.append(
                f"{path.name} is missing because a restore was interrupted; the restored copy "
                f"waits in {staged} and is put in place the next time the project is opened"
            )
            return report
    try:
        # Read through SQLite, not open(), when this process has the file open: closing a
        # second descriptor would drop its locks (core/open_files.py).
        header = SQLITE_HEADER if is_open_in_process(path) else _header(path)
    except OSError as error:
        report.problems.append(f"cannot read {path}: {error.strerror or error}")
        return report
    if not header:
        report.problems.append(f"{path.name} is empty (0 bytes), not an Annotator project")
        return report
    if header != SQLITE_HEADER:
        report.problems.append(f"{path.name} is not an SQLite database (bad header)")
        return report
    try:
        with reading(path) as connection:  # read-only media too (core/read_access.py)
            _check_open_file(connection, report)
    except sqlite3.OperationalError as error:  # cannot open or read it (not a verdict on it)
        report.problems.append(f"cannot read {path.name}: {error}")
    except sqlite3.DatabaseError as error:
        report.problems.append(f"{path.name} is damaged: {error}")
    report.facts["lock_file"] = lock_path_for(path).exists()
    return report


def _header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def _check_open_file(connection: sqlite3.Connection, report: CheckReport) -> None:
    integrity = integrity_errors(connection)
    report.facts["integrity"] = "ok" if not integrity else "damaged"
    report.problems.extend(f"integrity: {line}" for line in integrity[:MAX_LISTED])
    if integrity:
        return
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "alembic_version" not in tables or "project" not in tables:
        report.problems.append(f"{report.path.name} is not an Annotator project")
        return
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    report.facts["schema"] = revision[0] if revision else None
    head = migrations.head_revision()
    if revision is None or not migrations.is_known_revision(revision[0]):
        report.problems.append(
            f"schema {revision[0] if revision else 'unknown'} is not one this version knows "
            f"(up to {head})"
        )
        return
    foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in foreign[:MAX_LISTED]:
        report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    if revision[0] != head:
        report.facts["needs_upgrade"] = True  # fine: opening it upgrades it
        return
    report.problems.extend(_anchor_problems(connection))
    counts = connection.execute(
        "SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM annotation),"
        " (SELECT count(*) FROM annotation WHERE anchor_status = 'orphaned')"
    ).fetchone()
    report.facts.update(documents=counts[0], annotations=counts[1], orphaned=counts[2])

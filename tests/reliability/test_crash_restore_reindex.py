"""Kill ``annotator reindex`` and ``annotator restore`` with SIGKILL, many times (issue #13).

reindex: its two Whoosh worker processes (about 115 MB each) must end with it, never sleep on
forever, and the next run must leave a correct index. restore: killed at random moments and
at each of its renames, the project is afterwards either wholly as it was or wholly the
backup, the next open finishes what was begun, ``check`` points at the staged copy
meanwhile, and search answers from the project as it now is.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from annotator.core.backup import backup_dir_for, list_backups, make_verified_backup
from annotator.core.models import new_id, utcnow
from annotator.core.records import DocumentRecord
from annotator.core.restore import REPLACED_LABEL, staged_restore_for
from annotator.core.search.whoosh_index import BULK_THRESHOLD
from annotator.core.text import normalize_text, text_sha256
from annotator.services.maintenance import check, restore
from annotator.services.operations import AddDocuments, CreateActor
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

ROOT = Path(__file__).resolve().parents[2]
REINDEX_KILLS = 6
RESTORE_RANDOM_KILLS = 12
WORDS = ("sanction", "summit", "missile", "harbour", "treaty", "drought", "ballot", "pipeline")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SIGKILL, and /proc to find orphans"
)


def _document(number: int, rng: random.Random, extra: str = "") -> DocumentRecord:
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    text = normalize_text(f"Article {number}.\n\nToken{number} {words}{extra}.\n")
    now = utcnow()
    return DocumentRecord(
        new_id(), f"Article {number}", "Wire", "", "", None, "en", text, text_sha256(text),
        f"{number}.txt", now, {},
    )  # fmt: skip


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process on the machine."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            found[int(entry.name)] = (int(fields[1]), fields[0])
    return found


def _alive(pid: int) -> bool:
    state = _processes().get(pid)
    return state is not None and state[1] != "Z"


def _children(pid: int) -> set[int]:
    return {child for child, (parent, _state) in _processes().items() if parent == pid}


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _forked_or_ended(child: subprocess.Popen[bytes]) -> bool:
    return bool(_children(child.pid)) or child.poll() is not None


def _all_gone(pids: set[int]) -> bool:
    return not any(_alive(pid) for pid in pids)


@contextlib.contextmanager
def _reaping(pids: set[int]) -> Iterator[None]:
    """Whatever the test finds, no process it started outlives it."""
    try:
        yield
    finally:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _big_project(path: Path) -> None:
    """A project large enough for the two-process rebuild."""
    rng = random.Random(13)
    documents = [_document(number, rng) for number in range(BULK_THRESHOLD + 300)]
    with ProjectService.create(path) as project:
        project.apply(AddDocuments(tuple(documents)))


def _reference(path: Path, word: str) -> set[str]:
    """Documents holding ``word`` as a whole word, by plain SQL and Python (not Whoosh)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        rows = raw.execute("SELECT id, text FROM document").fetchall()
    return {i for i, text in rows if word in re.findall(r"\w+", text.lower())}


@pytest.mark.slow
def test_killing_reindex_leaves_no_worker_behind_and_the_next_run_is_correct(tmp_path):
    path = tmp_path / "big.annot"
    _big_project(path)
    rng = random.Random(20261203)
    started: set[int] = set()
    orphans: list[int] = []
    with _reaping(started):
        for _ in range(REINDEX_KILLS):
            child = subprocess.Popen(
                [sys.executable, "-m", "annotator", "reindex", str(path)],
                cwd=ROOT,
                env=_environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.add(child.pid)
            assert _wait_for(partial(_forked_or_ended, child), 120)
            workers = _children(child.pid)
            assert workers, "the rebuild finished before it forked its workers"
            started |= workers
            # The kill moment is the randomised variable, not a wait for something.
            time.sleep(rng.uniform(0, 0.3))
            workers |= _children(child.pid)
            started |= workers
            child.send_signal(signal.SIGKILL)
            child.wait(30)
            _wait_for(partial(_all_gone, workers), 15)
            orphans += [pid for pid in workers if _alive(pid)]
        assert orphans == [], f"{len(orphans)} Whoosh workers outlived their killed parent"
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "reindex", str(path)],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with ProjectService.open(path, read_only=True) as project:
        search = SearchService(project)
        assert search.ensure_current() == "current"
        for word in WORDS[:4]:
            hits = search.search(word, limit=5000).hits
            assert {hit.document_id for hit in hits} == _reference(path, word), word
        search.close()
    assert not list(tmp_path.parent.glob("*.building-*"))


# --- restore --------------------------------------------------------------------------------

_KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from annotator.services.maintenance import restore
point = int(sys.argv[2])
real = os.replace
count = [0]
def replace(source, target):
    if count[0] == point:
        os.kill(os.getpid(), signal.SIGKILL)
    count[0] += 1
    real(source, target)
os.replace = replace
restore(Path(sys.argv[1]))
print("restored")
"""


def _state(path: Path) -> frozenset[str]:
    with ProjectService.open(path, read_only=True) as project:
        return frozenset(a.name for a in project.actors())


def _restorable_project(tmp_path: Path) -> tuple[Path, frozenset[str], frozenset[str]]:
    """A project with a backup (actors A) and more since (actors A + B, documents too)."""
    path = tmp_path / "p.annot"
    _big_project(path)
    with ProjectService.open(path) as project:
        for name in ("Kim Jong Un", "Vladimir Putin"):
            project.apply(CreateActor.new(name))
        make_verified_backup(path, "manual")
        project.apply(CreateActor.new("Xi Jinping"))
        rng = random.Random(7)
        late = [_document(number, rng, " latecomer") for number in range(5000, 5040)]
        project.apply(AddDocuments(tuple(late)))
    return path, frozenset({"Kim Jong Un", "Vladimir Putin"}), _state(path)


def _after_kill(path: Path, index: Path, before: frozenset[str], backup: frozenset[str]) -> str:
    """Check the project after a killed restore; return which state it is in."""
    report = check(path)
    if not path.exists():
        assert not report.ok
        assert staged_restore_for(path).name in report.problems[0]
    state = _state(path)  # the open finishes an interrupted restore
    assert state in (before, backup), sorted(state)
    assert check(path).ok
    for leftover in (staged_restore_for(path), staged_restore_for(path).with_suffix(".json")):
        assert not leftover.exists()
    assert not list(backup_dir_for(path).glob("*.partial"))
    replaced = [b for b in list_backups(path) if f".{REPLACED_LABEL}." in b.name]
    assert len(replaced) <= 5
    with ProjectService.open(path, read_only=True) as project:
        search = SearchService(project, index)
        search.ensure_current()
        found = {hit.document_id for hit in search.search("latecomer", limit=500).hits}
        assert found == _reference(path, "latecomer")
        search.close()
    return "backup" if state == backup else "before"


def _make_before_state_again(path: Path, before: frozenset[str]) -> None:
    """After a completed restore, bring the later changes back (from the replaced file)."""
    if _state(path) == before:
        return
    replaced = sorted(b for b in list_backups(path) if f".{REPLACED_LABEL}." in b.name)
    restore(path, replaced[-1])
    assert _state(path) == before


@pytest.mark.slow
def test_killing_restore_at_any_moment_leaves_one_whole_project(tmp_path):
    path, backup, before = _restorable_project(tmp_path)
    index = tmp_path / "index"
    outcomes: dict[str, int] = {"before": 0, "backup": 0}
    # Each rename, deterministically: the child kills itself just before it, until a run
    # gets through them all (the intent file, the project, its -wal/-shm if any, the copy).
    for point in range(10):
        attempt = subprocess.run(
            [sys.executable, "-c", _KILL_AT_RENAME, str(path), str(point)],
            cwd=ROOT,
            env=_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if attempt.returncode == 0:
            assert point >= 3, "a restore renames the intent, the project and the copy"
            _make_before_state_again(path, before)
            break
        assert attempt.returncode == -signal.SIGKILL, attempt.stderr
        outcomes[_after_kill(path, index, before, backup)] += 1
        _make_before_state_again(path, before)
    # And at random moments of the whole command.
    rng = random.Random(20261204)
    timing = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "annotator", "restore", str(path)],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        check=True,
    )
    took = time.monotonic() - timing
    _make_before_state_again(path, before)
    for _ in range(RESTORE_RANDOM_KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "annotator", "restore", str(path)],
            cwd=ROOT,
            env=_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3 * took, 1.1 * took))  # the randomised variable
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        outcomes[_after_kill(path, index, before, backup)] += 1
        _make_before_state_again(path, before)
    assert outcomes["before"], outcomes  # kills landed before the restore took effect
    assert outcomes["backup"], outcomes  # and after


# --- backup ---------------------------------------------------------------------------------

BACKUP_KILLS = 8

_KILL_BEFORE_BACKUP_RENAME = """
import os, signal, sys
from pathlib import Path
from annotator.services.maintenance import backup_now
real = os.replace
def replace(source, target):
    if str(source).endswith(".partial"):  # the copy is whole and verified: die before the move
        os.kill(os.getpid(), signal.SIGKILL)
    real(source, target)
os.replace = replace
backup_now(Path(sys.argv[1]))
"""


@pytest.mark.slow
def test_partial_backups_of_killed_backups_are_gone_after_the_next_open(tmp_path):
    path = tmp_path / "p.annot"
    _big_project(path)
    rng = random.Random(20261205)
    timing = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "annotator", "backup", str(path)],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        check=True,
    )
    took = time.monotonic() - timing
    left_partial = 0
    for attempt in range(BACKUP_KILLS):
        if attempt % 2 == 0:  # at the worst moment: a whole copy, not yet in place
            command = [sys.executable, "-c", _KILL_BEFORE_BACKUP_RENAME, str(path)]
            child = subprocess.Popen(command, cwd=ROOT, env=_environment())
        else:  # at a random moment
            command = [sys.executable, "-m", "annotator", "backup", str(path)]
            child = subprocess.Popen(
                command, cwd=ROOT, env=_environment(), stdout=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.5 * took, 1.1 * took))  # the randomised variable
            child.send_signal(signal.SIGKILL)
        child.wait(30)
        assert child.returncode in (0, -signal.SIGKILL)  # a random kill may come too late
        left_partial += len(list(backup_dir_for(path).glob("*.partial")))
        with ProjectService.open(path, backup=False):
            assert not list(backup_dir_for(path).glob("*.partial"))
        for made in list_backups(path):  # every backup that exists is a good one
            assert check(made).facts.get("integrity") == "ok", made
    assert left_partial >= BACKUP_KILLS // 2  # the kills left partial copies to clean

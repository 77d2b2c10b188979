"""SQLite's memory statistics (one mutex for every allocation of every thread) are off in a
process that opens projects, and are left alone when SQLite is in use already.

Each case runs in a fresh interpreter: the setting is process-wide and can change only once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

_COUNTING = """
import ctypes, _sqlite3
lib = ctypes.CDLL(_sqlite3.__file__)
lib.sqlite3_memory_used.restype = ctypes.c_int64
lib.sqlite3_malloc.restype = ctypes.c_void_p
lib.sqlite3_free.argtypes = [ctypes.c_void_p]
def counting():
    before = lib.sqlite3_memory_used()
    block = lib.sqlite3_malloc(64)
    used = lib.sqlite3_memory_used() - before
    lib.sqlite3_free(block)
    return used > 0
"""


def _run(body: str) -> dict[str, object]:
    script = _COUNTING + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the library is reached as Python's Linux build links it"
)


def test_statistics_are_off_once_the_storage_layer_is_imported(tmp_path):
    result = _run(
        f"""
        import json, sqlite3
        before = counting()
        import annotator.core.db
        from annotator.core.sqlite_library import stop_counting_memory
        from annotator.services.project import ProjectService
        from pathlib import Path
        project = ProjectService.create(Path({str(tmp_path / "p.annot")!r}), name="p")
        project.close()
        reopened = ProjectService.open(Path({str(tmp_path / "p.annot")!r}), backup=False)
        name = reopened.info().name
        reopened.close()
        print(json.dumps({{"before": before, "after": counting(),
                          "answer": stop_counting_memory(), "name": name}}))
        """
    )
    assert result == {"before": True, "after": False, "answer": True, "name": "p"}


def test_statistics_stay_on_when_a_connection_is_open_first():
    result = _run(
        """
        import json, sqlite3
        first = sqlite3.connect(":memory:")
        first.execute("CREATE TABLE t(x)")
        first.execute("INSERT INTO t VALUES (1)")
        from annotator.core.sqlite_library import stop_counting_memory
        answer = stop_counting_memory()
        value = first.execute("SELECT x FROM t").fetchone()[0]
        print(json.dumps({"answer": answer, "counting": counting(), "value": value}))
        """
    )
    assert result == {"answer": False, "counting": True, "value": 1}

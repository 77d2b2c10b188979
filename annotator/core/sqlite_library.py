"""The SQLite library under Python's sqlite3, set up once for the process.

SQLite keeps global statistics of the memory it allocates (``SQLITE_CONFIG_MEMSTATUS``, on
by default) and takes one process-wide mutex for every allocation to keep them. An export's
readers (one thread and connection each, ``exporters/line_writer.py``) allocate for every
cell they format, so they queued on that mutex: a JSONL export of a million statements on two
cores made 120,000 futex calls and spent 3 s of system time, and was hardly faster than with
one reader (7.3 s against 7.7 s); with the statistics off it took 4.4 s. Nothing in the app
reads them (no ``sqlite3_memory_used``, no soft heap limit).

The setting can only change while SQLite is not initialised, and Python's sqlite3 initialises
it on import; so SQLite is shut down, set and initialised again. That is only safe while
SQLite holds nothing: it is done only when ``sqlite3_memory_used()`` is 0 (no connection or
statement is alive; a test allocation first shows that the statistics are on), once, when
:mod:`annotator.core.read_access` is imported, which every module that opens a connection
imports before its first one. Where the library's functions cannot be reached (a build that
does not export them), nothing changes.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

SQLITE_OK = 0
SQLITE_CONFIG_MEMSTATUS = 9

_lock = threading.Lock()
_stopped: bool | None = None  # the first call's answer


def _library() -> Any | None:
    """The SQLite library Python's sqlite3 module runs on, or None."""
    import _sqlite3  # the extension module; its library is already loaded

    # None (no file: built into the interpreter) looks in the program itself.
    names: list[str | None] = [getattr(_sqlite3, "__file__", None)]
    if sys.platform == "win32":
        names.append("sqlite3.dll")  # linked, not in the .pyd: loaded once, found by name
    for name in names:
        try:
            library = ctypes.CDLL(name)
            library.sqlite3_config  # noqa: B018  (raises AttributeError when absent)
        except (OSError, AttributeError, TypeError):
            continue
        library.sqlite3_memory_used.restype = ctypes.c_int64
        library.sqlite3_malloc.restype = ctypes.c_void_p
        library.sqlite3_malloc.argtypes = [ctypes.c_int]
        library.sqlite3_free.argtypes = [ctypes.c_void_p]
        library.sqlite3_free.restype = None
        # Only the fixed argument declared: ctypes passes the rest as variadic arguments,
        # which some platforms (arm64 macOS) pass differently from fixed ones.
        library.sqlite3_config.argtypes = [ctypes.c_int]
        return library
    return None


def _counting(library: Any) -> bool:
    """Whether SQLite's memory statistics are on (an allocation shows in them; when they are
    off, the figure stays where it was)."""
    before = int(library.sqlite3_memory_used())
    block = library.sqlite3_malloc(64)
    counted = int(library.sqlite3_memory_used())
    library.sqlite3_free(block)
    return counted > before


def stop_counting_memory() -> bool:
    """Turn SQLite's memory statistics off if SQLite holds nothing now; return whether they
    are off. Only the first call acts; later ones return its answer."""
    global _stopped
    with _lock:
        if _stopped is None:
            _stopped = _stop(_library())
        return _stopped


def _stop(library: Any | None) -> bool:
    if library is None:
        log.info("SQLite's library is out of reach; its memory statistics stay on")
        return False
    if not _counting(library):
        return True
    if library.sqlite3_memory_used() != 0:
        log.info("SQLite is in use already; its memory statistics stay on")
        return False
    if library.sqlite3_shutdown() != SQLITE_OK:
        return False
    configured = library.sqlite3_config(SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0))
    if library.sqlite3_initialize() != SQLITE_OK:
        raise RuntimeError("SQLite could not be initialised again")
    return configured == SQLITE_OK and not _counting(library)

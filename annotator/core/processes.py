"""Other processes: is one still running, and making our worker processes end with us.

Whoosh's two-process rebuild forks workers that wait on a queue; when their parent was
killed (``kill -9`` of ``annotator reindex``) they waited forever, about 115 MB each. Workers
forked by a thread that called :func:`workers_die_with_parent` are killed by the kernel when
that thread ends (Linux ``PR_SET_PDEATHSIG``), or end themselves within a second of noticing
that their parent has gone (a watchdog thread, elsewhere).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_WATCHDOG_INTERVAL_S = 1.0


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one we may not signal counts)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would *terminate* the process on Windows: ask for its exit code.
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        error: int = ctypes.get_last_error()  # type: ignore[attr-defined]
        return error == access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def can_fork_workers() -> bool:
    """Whether worker processes forked here can be tied to this process's life (a POSIX
    fork; spawned workers, as on Windows and macOS, start from scratch and would not be)."""
    if not hasattr(os, "register_at_fork"):
        return False
    import multiprocessing

    return multiprocessing.get_start_method(allow_none=False) == "fork"


def workers_die_with_parent() -> None:
    """Tie every process this thread forks from now on to this process: it ends when the
    thread that forked it ends (the kernel signals it on Linux; elsewhere a watchdog thread
    in the worker polls its parent). Call it where a multi-process writer is made."""
    global _registered
    with _registration:
        if not _registered:
            os.register_at_fork(before=_before_fork, after_in_child=_in_child)
            _registered = True
    _this_thread.tied = True


_this_thread = threading.local()
_state = {"tied": False, "parent": 0}
_registered = False
_registration = threading.Lock()


def _before_fork() -> None:
    _state["tied"] = bool(getattr(_this_thread, "tied", False))
    _state["parent"] = os.getpid()


def _in_child() -> None:
    if not _state["tied"]:
        return
    _state["tied"] = False
    _this_thread.tied = False  # the worker's own forks are its business
    parent = _state["parent"]
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the request was made
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCHDOG_INTERVAL_S)
    os._exit(1)

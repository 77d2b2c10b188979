"""Keeping freed memory for reuse during bulk work (glibc's allocator; elsewhere nothing).

An export hands each document's lines from SQLite to Python as one block of bytes: with a
million statements, a gigabyte passes through blocks of about a megabyte. glibc returns
such blocks to the system when they are freed and asks for them again for the next one, and
every page of every block is then faulted in afresh: a million page faults, 2 to 3 seconds
of system time of a 10-second JSONL export (measured on the 1M-statement benchmark
project). Inside :func:`reusing_freed_memory` glibc keeps up to 256 MiB it freed (`mallopt`
``M_TRIM_THRESHOLD``, ``M_TOP_PAD``) and serves blocks under 32 MiB from it
(``M_MMAP_THRESHOLD``): faults fell 3x and the export's wall time by 1 to 2 seconds. At the
end glibc's defaults come back and the kept memory is given back (``malloc_trim``).
Setting the thresholds ends glibc's own adjustment of the mmap threshold for the process,
as ``MALLOC_MMAP_THRESHOLD_`` does; their values set in the environment are replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import platform
import sys
import threading
from collections.abc import Iterator
from typing import Any

M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
DEFAULTS = {M_TRIM_THRESHOLD: 128 * 1024, M_TOP_PAD: 128 * 1024, M_MMAP_THRESHOLD: 128 * 1024}
"""glibc's documented defaults (mallopt(3))."""
KEEPING = {M_TRIM_THRESHOLD: 256 << 20, M_TOP_PAD: 64 << 20, M_MMAP_THRESHOLD: 32 << 20}

_lock = threading.Lock()
_holders = 0


def _glibc() -> Any | None:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


_libc: Any = _glibc()


def _set(values: dict[int, int]) -> None:
    for parameter, value in values.items():
        _libc.mallopt(parameter, value)


@contextlib.contextmanager
def reusing_freed_memory() -> Iterator[None]:
    """For the block, glibc keeps the memory it frees for reuse; nested and concurrent
    blocks share one setting, undone when the last one ends."""
    global _holders
    if _libc is None:
        yield
        return
    with _lock:
        _holders += 1
        if _holders == 1:
            _set(KEEPING)
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                _set(DEFAULTS)
                _libc.malloc_trim(0)

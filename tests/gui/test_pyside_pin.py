"""The PySide6 pin of DESIGN.md §10: 6.12.0 on Python 3.11 loses a reference to None on every
call of a void method and aborts the interpreter ("none_dealloc") after a few thousand."""

import sys

import PySide6
import pytest
from PySide6.QtCore import QObject


def test_pyside6_is_below_6_12():
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__}: see DESIGN.md §10"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal: this cannot fail")
def test_void_calls_do_not_leak_references_to_none():
    holder = QObject()
    before = sys.getrefcount(None)
    for _ in range(5000):
        holder.setObjectName("x")  # a void C++ method returning None to Python
        holder.blockSignals(False)
    after = sys.getrefcount(None)
    # With the bug every call takes one reference away; on 3.12+ None is immortal and its
    # count does not move at all. Allow a little noise from the interpreter itself.
    assert after >= before - 100, f"None lost {before - after} references in 10,000 calls"

"""Key bindings more than one part of the window needs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence

Key = str | QKeySequence.StandardKey

UNDO_KEYS: tuple[Key, ...] = (QKeySequence.StandardKey.Undo,)
REDO_KEYS: tuple[Key, ...] = (QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z")


def key_sequences(keys: Sequence[Key]) -> list[QKeySequence]:
    """The key sequences of ``keys``: every binding of a standard key on this platform, and
    the keys named, each once (on X11 the standard Quit is Ctrl+Q already: naming it again
    made an ambiguous shortcut there, not offscreen)."""
    sequences: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        sequences.extend(s for s in found if not s.isEmpty() and s not in sequences)
    return sequences

"""Key bindings more than one part of the window needs."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

Key = str | QKeySequence.StandardKey

UNDO_KEYS: tuple[Key, ...] = (QKeySequence.StandardKey.Undo,)
REDO_KEYS: tuple[Key, ...] = (QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z")


def readable(sequence: QKeySequence) -> bool:
    """Whether ``sequence`` is a key a user can find on any keyboard: letters, digits,
    F1-F12, arrows, Delete… with their modifiers. Not the special keys some platforms add
    to a standard key (X11 binds Undo to F14 and Open to the Open key of Sun keyboards):
    they still work, but a list of keys to learn shows only the readable ones."""
    combos: list[QKeyCombination] = [sequence[i] for i in range(sequence.count())]  # type: ignore[index]
    return bool(combos) and all(c.key().value < Qt.Key.Key_F13.value for c in combos)


def key_sequences(
    keys: Sequence[Key], named_elsewhere: Collection[QKeySequence] = ()
) -> list[QKeySequence]:
    """The key sequences of ``keys``: every binding of a standard key on this platform, and
    the keys named, each once (on X11 the standard Quit is Ctrl+Q already: naming it again
    made an ambiguous shortcut there, not offscreen). The readable ones come first, in the
    platform's order, so the first (the one a menu shows) is the platform's primary key.

    A standard key's binding that another action names (``named_elsewhere``) is left out:
    X11 binds Delete to Ctrl+D as well, which made Ctrl+D (mark done) ambiguous there, so
    neither action ran."""
    sequences: list[QKeySequence] = []
    for key in keys:
        found = (
            [s for s in QKeySequence.keyBindings(key) if s not in named_elsewhere]
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        sequences.extend(s for s in found if not s.isEmpty() and s not in sequences)
    return sorted(sequences, key=lambda s: not readable(s))  # stable: the order kept

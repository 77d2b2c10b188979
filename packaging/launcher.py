"""Entry point of the frozen app (PyInstaller runs this file as ``__main__``)."""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # Whoosh indexes with worker processes (procs=2); a frozen app must route the children
    # it spawns to the multiprocessing machinery instead of starting the app again.
    multiprocessing.freeze_support()
    # A windowed Windows build has no console: give print() and logging somewhere to go.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    from annotator.cli import main

    sys.exit(main())

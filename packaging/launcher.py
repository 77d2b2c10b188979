"""Entry point of the frozen app (PyInstaller runs this file as ``__main__``)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Whoosh indexes with worker processes (procs=2); a frozen app must route the children
    # it spawns to the multiprocessing machinery instead of starting the app again.
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())

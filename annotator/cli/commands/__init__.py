"""One module per command (calibre's ``db/cli/cmd_*.py``). Each module has ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> exit code``; ``COMMANDS`` is their order in
``annotator --help``."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Protocol

from annotator.cli.commands import (
    agreement,
    backup,
    check,
    codebook,
    export,
    gui,
    import_,
    init,
    load,
    merge,
    network,
    package,
    reindex,
    restore,
    search,
    self_test,
    stats,
)


class Command(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: tuple[ModuleType, ...] = (
    gui,
    init,
    import_,
    search,
    reindex,
    stats,
    check,
    agreement,
    load,
    export,
    codebook,
    package,
    merge,
    network,
    self_test,
    backup,
    restore,
)

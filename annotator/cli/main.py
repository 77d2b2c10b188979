"""Argument parsing and dispatch of the ``annotator`` command.

Exit codes: 0 ok, 1 error, 2 usage, 3 partial (some inputs rejected, each named on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from annotator import __version__
from annotator.core.backup import (
    backup_dir_for,
    make_verified_backup,
    newest_good_backup,
    restore_backup,
)
from annotator.core.check import check_project
from annotator.core.db import check_is_sqlite
from annotator.core.errors import AnnotatorError
from annotator.core.importers import DEFAULT_MAX_FILE_BYTES
from annotator.core.importers.tabular import parse_column_map
from annotator.core.lock import ProjectLock
from annotator.core.logging_setup import configure_logging
from annotator.core.search import Snippet
from annotator.core.search.whoosh_index import IndexBusyError
from annotator.services.dataset_export import FORMATS, export_dataset
from annotator.services.dataset_load import load_dataset
from annotator.services.demo import DEMO_NAME, create_demo_project
from annotator.services.export_selection import build_selection
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from annotator.services.search import KwicLine, QueryError, SearchResults, SearchService
from annotator.services.self_test import run_self_test

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
COMMANDS = (
    "gui",
    "init",
    "import",
    "search",
    "stats",
    "check",
    "load",
    "export",
    "reindex",
    "self-test",
    "backup",
    "restore",
)


def _out(text: str) -> None:
    print(text)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _cmd_gui(args: argparse.Namespace) -> int:
    from annotator.gui.app import run_gui  # Qt loads only when the GUI is wanted

    return run_gui(args.project, screenshot=args.screenshot, coder=args.coder)


def _cmd_self_test(args: argparse.Namespace) -> int:
    # Everything in a throwaway home (no user settings, recent files or caches touched) and
    # offscreen unless a platform is asked for: the self-test runs in CI without a display.
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-home-") as home:
        os.environ["ANNOTATOR_HOME"] = home
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        extra: tuple[tuple[str, Callable[[Path], str]], ...] = ()
        if not args.no_window:
            from annotator.gui.self_test import window_step

            extra = (("window", window_step),)
        passed = run_self_test(_out, extra)
    return EXIT_OK if passed else EXIT_ERROR


def _cmd_backup(args: argparse.Namespace) -> int:
    path = Path(args.project)
    check_is_sqlite(path)
    made = make_verified_backup(path, "manual")
    _out(f"verified backup written to {made}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    path = Path(args.project).resolve()
    lock = ProjectLock(path)
    lock.acquire()  # refuses, naming who has it, while the project is open for writing
    try:
        if args.backup:
            chosen: Path | None = Path(args.backup)
        else:
            chosen = newest_good_backup(path)
        if chosen is None:
            _err(f"annotator: no good backup of {path.name} in {backup_dir_for(path)}")
            return EXIT_ERROR
        kept = restore_backup(path, chosen)
    finally:
        lock.release()
    _out(f"restored {path.name} from {chosen.name}; the replaced file is kept as {kept}")
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.project)
    if args.demo:
        project, report = create_demo_project(path)
        with project:
            _out(f"created {path} ({DEMO_NAME}): {report.summary()}")
            return EXIT_OK
    with ProjectService.create(path, name=args.name):
        _out(f"created {path}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project)) as project:
        report = import_paths(
            project,
            [Path(p) for p in args.paths],
            max_bytes=args.max_size * 1024 * 1024,
            column_map=args.map,
            progress=_progress("importing"),
        )
    for line in report.details().splitlines():
        _err(line)
    _out(report.summary())
    return EXIT_PARTIAL if report.rejected else EXIT_OK


def _column_map(spec: str) -> dict[str, str]:
    try:
        return parse_column_map(spec)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _progress(label: str, *, stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A progress bar on a terminal; nothing when the stream is piped (scripts, CI)."""
    out = stream or sys.stderr
    if not out.isatty():
        return None
    width = 30

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = round(width * share)
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        out.write(f"\r{label} [{bar}] {done}/{total} {share:4.0%}{end}")
        out.flush()

    return show


def _snippet_text(snippet: Snippet) -> str:
    out, position = [], snippet.start
    for mark in snippet.marks:
        out.append(snippet.text[position - snippet.start : mark.start - snippet.start])
        out.append(f"[{snippet.text[mark.start - snippet.start : mark.end - snippet.start]}]")
        position = mark.end
    out.append(snippet.text[position - snippet.start :])
    return "".join(out).strip()


def _results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "took_ms": results.took_ms,
        "total": results.total,
        "hits": [
            {
                "document_id": hit.document_id,
                "title": hit.title,
                "source": hit.source,
                "published_at": hit.published_at,
                "score": hit.score,
                "snippets": [snippet.html() for snippet in hit.snippets],
                "offsets": [[mark.start, mark.end] for mark in hit.offsets],
            }
            for hit in results.hits
        ],
    }


def _cmd_search(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        search = SearchService(project)
        state = search.ensure_current(progress=_progress("indexing"))
        if state != "current":
            _err(f"search index {state}")
        try:
            results = search.search(args.query, limit=args.limit)
        except QueryError as error:
            _err(f"annotator: {error}")
            return EXIT_USAGE
        lines: dict[str, list[KwicLine]] = {}
        if args.kwic:
            lines = {
                hit.document_id: search.kwic(hit.document_id, args.query) for hit in results.hits
            }
    if args.json:
        _out(json.dumps(_results_json(results), ensure_ascii=False))
        return EXIT_OK
    _out(f"{results.total} documents match; showing {len(results.hits)} ({results.took_ms:.1f} ms)")
    for rank, hit in enumerate(results.hits, start=1):
        meta = " · ".join(x for x in (hit.source, hit.published_at or "") if x)
        _out(f"\n{rank:>3}. {hit.title}" + (f"  ({meta})" if meta else "") + f"  {hit.score:.2f}")
        if args.kwic:
            for line in lines[hit.document_id]:
                _out(
                    f"     {line.start:>7}  …{line.left[-40:]:>40}[{line.match}]{line.right[:40]}…"
                )
        else:
            for snippet in hit.snippets:
                _out(f"     …{_snippet_text(snippet)}…")
    return EXIT_OK


def _cmd_reindex(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        search = SearchService(project)
        try:
            search.rebuild(progress=_progress("indexing"))
        except IndexBusyError as busy:
            _err(f"{busy}; try again when it has finished")
            return EXIT_ERROR
        _out(f"search index rebuilt: {project.stats()['documents']} documents")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        stats = project.stats()
    if args.json:
        _out(json.dumps(stats))
    else:
        _out("\n".join(f"{name:>11}: {value}" for name, value in stats.items()))
    return EXIT_OK


def _index_state(path: Path) -> str:
    """The search index's state in words; a stale or broken index is no problem (it is a
    cache that repairs itself on the next search), so it is reported, not failed on."""
    with ProjectService.open(path, read_only=True) as project:
        status = SearchService(project).index.status()
        if not status.usable:
            return f"will be rebuilt on next search: {status.problem}"
        behind = project.watermark() - (status.watermark or 0)
        return "current" if behind == 0 else f"will catch up on next search ({behind} changes)"


def _cmd_check(args: argparse.Namespace) -> int:
    report = check_project(Path(args.project))
    if report.ok:
        report.facts["search_index"] = _index_state(Path(args.project))
    if args.json:
        _out(json.dumps(report.as_dict(), ensure_ascii=False))
    elif report.ok:
        _out(f"{args.project}: ok (search index: {report.facts['search_index']})")
    else:
        for problem in report.problems:
            _err(f"{args.project}: {problem}")
    return EXIT_OK if report.ok else EXIT_ERROR


def _cmd_load(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project)) as project:
        report, _ = load_dataset(project, Path(args.dataset))
    for message in report.messages:
        _err(f"rejected: {message}")
    if args.json:
        _out(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _out(report.summary())
    return EXIT_PARTIAL if report.total("rejected") else EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        selection = build_selection(
            project,
            document_ids=[i for i in (args.documents or "").split(",") if i],
            query=args.query,
            coders=args.coder_filter or [],
            claim=args.claim,
            date_from=args.date_from,
            date_to=args.date_to,
        )
        report = export_dataset(project, Path(args.out), fmt=args.format, selection=selection)
    _out(report.summary())
    return EXIT_OK


Command = Callable[[str, str, Callable[[argparse.Namespace], int]], Any]


def _add_maintenance_commands(command: Command) -> None:
    """self-test, backup and restore."""
    p = command(
        "self-test",
        "check this installation end to end on the bundled seeds (also: --self-test)",
        _cmd_self_test,
    )
    p.add_argument("--no-window", action="store_true", help="skip the window step (no Qt)")
    p = command("backup", "write a verified backup of the project now", _cmd_backup)
    p.add_argument("project")
    p = command(
        "restore",
        "replace the project with its newest good backup (the replaced file is kept)",
        _cmd_restore,
    )
    p.add_argument("project")
    p.add_argument("--from", dest="backup", metavar="BACKUP", help="this backup file instead")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code actors, claims and stance in news articles. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"Annotator {__version__}")
    parser.add_argument("--coder", help="coder name (default: your user name)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to the console too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_: str, handler: Callable[[argparse.Namespace], int]) -> Any:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    p = command("gui", "open the app (default: the last project, else the demo)", _cmd_gui)
    p.add_argument("project", nargs="?", help="project file")
    p.add_argument("--screenshot", metavar="PNG", help="save a picture of the window and quit")
    p = command("init", "create a new project file", _cmd_init)
    p.add_argument("project")
    p.add_argument("--demo", action="store_true", help="with the sample articles and codebook")
    p.add_argument("--name", help="project name (default: the file name)")
    p = command(
        "import", "import articles: txt, md, html, docx, pdf, csv, jsonl, xlsx", _cmd_import
    )
    p.add_argument("project")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--max-size",
        type=int,
        default=DEFAULT_MAX_FILE_BYTES // (1024 * 1024),
        metavar="MB",
        help="refuse files larger than this (default: %(default)s MB)",
    )
    p.add_argument(
        "--map",
        type=_column_map,
        default={},
        metavar="FIELD=COLUMN,...",
        help="for CSV/JSONL/XLSX corpora: which column holds each field "
        "(fields: text, title, date, source, url, author), e.g. text=body,title=Headline",
    )
    p = command("search", "search the project's documents", _cmd_search)
    p.add_argument("project")
    p.add_argument("query", help="e.g. '\"invariably support\"', 'actor:\"Kim Jong Un\"'")
    p.add_argument("--limit", type=int, default=20, help="hits to show (default: %(default)s)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kwic", action="store_true", help="every hit in context, per document")
    p = command("reindex", "rebuild the search index", _cmd_reindex)
    p.add_argument("project")
    p = command(
        "stats", "count documents, statements, mentions, actors, claims, coders", _cmd_stats
    )
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p = command(
        "check", "check integrity, references and anchors; non-zero exit on problems", _cmd_check
    )
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p = command("load", "load a coded dataset (folder or statements/mentions .jsonl)", _cmd_load)
    p.add_argument("project")
    p.add_argument("dataset")
    p.add_argument("--json", action="store_true")
    p = command("export", "export the coded dataset (csv, jsonl or xlsx)", _cmd_export)
    p.add_argument("project")
    p.add_argument("--format", choices=FORMATS, default="jsonl")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--documents", metavar="ID,ID", help="only these documents")
    p.add_argument("--query", help="only the documents a search query finds")
    p.add_argument(
        "--only-coder",
        dest="coder_filter",
        action="append",
        metavar="NAME",
        help="only annotations by this coder (repeatable)",
    )
    p.add_argument(
        "--claim", metavar="ID_OR_LABEL", help="only statements on this claim or its sub-claims"
    )
    p.add_argument(
        "--from",
        dest="date_from",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="only documents published on or after this date",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="only documents published on or before this date",
    )
    _add_maintenance_commands(command)
    return parser


def _default_to_gui(args: list[str]) -> list[str]:
    """`annotator`, `annotator FILE` or `annotator --screenshot X` open the app: insert `gui`
    where a command would stand, after the global options."""
    position = 0
    while position < len(args):
        arg = args[position]
        if arg in ("-h", "--help", "--version"):
            return args
        if arg == "--coder":
            position += 2
        elif arg in ("-v", "--verbose") or arg.startswith("--coder="):
            position += 1
        else:
            break
    if position < len(args) and args[position] in COMMANDS:
        return args
    return [*args[:position], "gui", *args[position:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    given = ["self-test" if arg == "--self-test" else arg for arg in given]
    args_list = _default_to_gui(given)
    parser = build_parser()
    args = parser.parse_args(args_list)
    configure_logging(verbose=args.verbose)
    try:
        return int(args.handler(args))
    except AnnotatorError as error:
        _err(f"annotator: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("annotator: interrupted")
        return EXIT_ERROR

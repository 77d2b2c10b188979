"""``annotator --self-test``: prove a build works end to end on the bundled seeds.

Each step runs the real code path a user's first minutes take (the demo project from the
bundled seeds and migrations, the search index, coding, export, a verified backup, the
integrity check) in a temporary folder, and reports one line. Installers run it on the built
app in CI, so a missing data file, hidden import or Qt plugin fails the build instead of a
user's first start.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.check import check_project
from annotator.core.paths import data_dir
from annotator.services import operations as ops
from annotator.services.dataset_export import export_dataset
from annotator.services.demo import create_demo_project
from annotator.services.importing import import_paths
from annotator.services.maintenance import backup_now
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

log = logging.getLogger(__name__)

Report = Callable[[str], None]
EXPECTED_PHRASE = '"invariably support"'


class SelfTestError(Exception):
    """A step found the build broken; the message says how."""


@dataclass
class _Context:
    folder: Path
    project: ProjectService | None = None
    search: SearchService | None = None
    document_id: str = ""
    start: int = 0
    end: int = 0
    statements: int = 0
    """Statements in the project after the last step that coded some."""


def _bundled_data(context: _Context) -> str:
    for name in ("db", "seeds", "resources"):
        data_dir(name)
    seeds = sorted(data_dir("seeds").glob("*.txt"))
    if not seeds:
        raise SelfTestError("no seed articles in the bundle")
    return f"{len(seeds)} seed articles, migrations and resources found"


def _demo_project(context: _Context) -> str:
    project, report = create_demo_project(context.folder / "self-test.annot")
    context.project = project
    if report.rejected or not report.imported:
        raise SelfTestError(f"importing the seeds: {report.summary()}")
    context.statements = project.stats()["statements"]
    if not context.statements:
        raise SelfTestError("the demo project's example coding is missing")
    return (
        f"{report.summary()}; {context.statements} example statements; "
        f"schema {project.info().schema_version}"
    )


_PAGE = """<!DOCTYPE html><html><head><title>Self-test page | Example</title>
<meta property="og:site_name" content="Example News"></head><body><nav>Home | World</nav>
<article><h1>Self-test page</h1><p>{text}</p></article><footer>Cookie settings</footer>
</body></html>"""
_SENTENCE = "The self-test checks that web pages and corpus files can be read in this build. "


def _readers(context: _Context) -> str:
    """Web page (trafilatura and its data files) and CSV corpus readers work in this build."""
    assert context.project is not None
    folder = context.folder / "files"
    folder.mkdir()
    (folder / "page.html").write_text(_PAGE.format(text=_SENTENCE * 8), encoding="utf-8")
    (folder / "corpus.csv").write_text(
        "headline,body,date\nCorpus row,"
        + _SENTENCE.replace("web pages", "rows")
        + ",14.09.2023\n",
        encoding="utf-8",
    )
    report = import_paths(context.project, [folder])
    titles = {d.title for d in context.project.document_summaries()}
    if report.rejected or not {"Self-test page", "Corpus row"} <= titles:
        raise SelfTestError(f"{report.summary()}: {report.details() or sorted(titles)}")
    return f"a web page and a CSV corpus row imported ({report.summary()})"


def _index(context: _Context) -> str:
    assert context.project is not None
    context.search = SearchService(context.project, context.folder / "index")
    return f"index {context.search.ensure_current()}"


def _search(context: _Context) -> str:
    assert context.search is not None
    results = context.search.search(EXPECTED_PHRASE)
    if not results.hits or not results.hits[0].offsets:
        raise SelfTestError(f"{EXPECTED_PHRASE} found nothing in the seeds")
    hit = results.hits[0]
    context.document_id = hit.document_id
    context.start, context.end = hit.offsets[0].start, hit.offsets[0].end
    return f"{EXPECTED_PHRASE}: {results.total} document(s) in {results.took_ms:.1f} ms"


def _code(context: _Context) -> str:
    project = context.project
    assert project is not None
    coder = project.ensure_coder("self-test").id
    claim = project.claims()[0].id
    speaker = project.actors()[0].id
    project.apply(
        ops.AddStatement(
            context.document_id,
            context.start,
            context.end,
            claim,
            coder,
            speaker_id=speaker,
            stance=project.info().stance_scale[0],
        )
    )
    statements = project.stats()["statements"]
    if statements != context.statements + 1:
        raise SelfTestError(f"expected {context.statements + 1} statements, found {statements}")
    context.statements = statements
    return "1 statement coded"


def _export(context: _Context) -> str:
    assert context.project is not None
    report = export_dataset(context.project, context.folder / "dataset", fmt="jsonl")
    if report.rows.get("statements") != context.statements:
        raise SelfTestError(f"exported {report.rows}")
    return report.summary().replace(str(context.folder), "<tmp>")


def _backup(context: _Context) -> str:
    assert context.project is not None
    # The project is open (its lock held) as in the app's timer backup; on Windows this is
    # the step that failed when a read-only handle was fsynced (issue #18).
    backup = backup_now(context.project.path)
    if not backup.is_file() or backup.stat().st_size == 0:
        raise SelfTestError(f"no backup at {backup}")
    return f"verified backup {backup.name} ({backup.stat().st_size // 1024} KB)"


def _check(context: _Context) -> str:
    assert context.project is not None
    path = context.project.path
    if context.search is not None:
        context.search.close()
    context.project.close()
    report = check_project(path)
    if not report.ok:
        raise SelfTestError("; ".join(report.problems))
    return "integrity, references and anchors ok"


def _close(context: _Context) -> None:
    """Close the index and the project a failed step left open: Windows cannot delete the
    scratch folder while a handle in it is open (issue #18: the Whoosh index stayed open)."""
    for opened in (context.search, context.project):
        if opened is not None:
            try:
                opened.close()
            except Exception:  # the step's own failure is what the report says
                log.exception("closing after a failed self-test step")
    context.search, context.project = None, None


STEPS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("bundled data", _bundled_data),
    ("demo project", _demo_project),
    ("readers", _readers),
    ("search index", _index),
    ("search", _search),
    ("coding", _code),
    ("export", _export),
    ("backup", _backup),
    ("check", _check),
)


def run_self_test(
    report: Report, extra_steps: tuple[tuple[str, Callable[[Path], str]], ...] = ()
) -> bool:
    """Run every step, report one line each; True when all passed. ``extra_steps`` (the
    window, from the GUI layer) get the checked project's path."""
    report(f"Annotator {__version__} self-test")
    passed = True
    # A folder left behind must not turn a reported failure into a crash (Windows deletes no
    # file that is still open).
    with tempfile.TemporaryDirectory(
        prefix="annotator-self-test-", ignore_cleanup_errors=True
    ) as scratch:
        context = _Context(Path(scratch))
        steps: list[tuple[str, Callable[[Any], str], Any]] = [
            (name, step, context) for name, step in STEPS
        ]
        steps += [(name, step, context.folder / "self-test.annot") for name, step in extra_steps]
        for name, step, argument in steps:
            begun = time.perf_counter()
            try:
                detail = step(argument)
            except Exception as error:  # every failure is reported, then the run fails
                report(f"FAIL {name}: {type(error).__name__}: {error}")
                passed = False
                break
            report(f"ok   {name}: {detail} ({time.perf_counter() - begun:.2f} s)")
        if passed is False:
            _close(context)
    report("self-test passed" if passed else "self-test FAILED")
    return passed

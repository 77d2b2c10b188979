"""``annotator search PROJECT QUERY``: ranked hits with snippets (or every hit in context)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from annotator.cli.output import EXIT_OK, EXIT_USAGE, err, out, progress, shown
from annotator.core.search import Snippet
from annotator.services.project import ProjectService
from annotator.services.search import (
    KwicLine,
    QueryError,
    SearchResults,
    SearchService,
    StatementHit,
)

NAME = "search"
HELP = "search the project's documents"
EPILOG = """\
query language (README, "Search queries"):
  sanction               a word, stemmed: also finds "sanctions", "sanctioned"
  "kim putin"            a phrase; "kim putin"~5: in order, each within 5 words
  gas*  elect*on  ??ection
                         prefix and wildcards (? one character, * any), compared
                         with the words as written, never stems (also in title:)
  Arsnal~  Arsnal~2      fuzzy: 1 or 2 edits, the first two letters exact
  a AND b, a b           both           a OR b        either
  NOT a                  without a      a ANDNOT b    a without b (a AND NOT b)
  a ANDMAYBE b           a; b only ranks higher       a REQUIRE b   both; ranked by a
  (a OR b) c             brackets
precedence: NOT, then AND / ANDNOT / ANDMAYBE / REQUIRE / side by side (left to right), then OR:
  a b OR c = (a AND b) OR c;  a ANDNOT b OR c = (a ANDNOT b) OR c;  NOT NOT a = a
fields (the value right after the colon):
  title:sanctions  source:"voa news"  date:2024  date:[2023-01-01 TO 2023-12-31]
  actor:"Kim Jong Un"  claim:troops  stance:support  coder:NAME
  statement:(stance:support AND claim:troops)   conditions one statement meets
  speaker:KCNA                                  = statement:(actor:KCNA)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("query", help="e.g. '\"invariably support\"', 'actor:\"Kim Jong Un\"'")
    parser.add_argument(
        "--limit", type=_positive, default=20, help="hits to show (default: %(default)s)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--kwic", action="store_true", help="every hit in context, per document")


def _snippet_text(snippet: Snippet) -> str:
    parts, position = [], snippet.start
    for mark in snippet.marks:
        parts.append(snippet.text[position - snippet.start : mark.start - snippet.start])
        parts.append(f"[{snippet.text[mark.start - snippet.start : mark.end - snippet.start]}]")
        position = mark.end
    parts.append(snippet.text[position - snippet.start :])
    return "".join(parts).strip()


def _flat(context: str) -> str:
    """Text around a hit on one line: its line breaks as spaces, other controls escaped."""
    return shown(context.replace("\n", " ").replace("\t", " "))


def _results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "took_ms": results.took_ms,
        "total": results.total,
        "notes": list(results.notes),
        "hits": [
            {
                "document_id": hit.document_id,
                "title": hit.title,
                "source": hit.source,
                "published_at": hit.published_at,
                "score": hit.score,
                # Plain text with the matches as document offsets, not HTML (issue #14.7).
                "snippets": [
                    {
                        "text": snippet.text,
                        "start": snippet.start,
                        "end": snippet.end,
                        "marks": [[mark.start, mark.end] for mark in snippet.marks],
                    }
                    for snippet in hit.snippets
                ],
                "offsets": [[mark.start, mark.end] for mark in hit.offsets],
                # The statements that met a statement:( … ) of the query (issue #14.4).
                "statements": [
                    {
                        "statement_id": said.id,
                        "start": said.start,
                        "end": said.end,
                        "quote": said.quote,
                        "speaker": said.speaker,
                        "claim": said.claim,
                        "stance": said.stance,
                        "coder": said.coder,
                    }
                    for said in hit.statements
                ],
            }
            for hit in results.hits
        ],
    }


def _statement_line(said: StatementHit) -> str:
    """A statement on one line: speaker, stance and claim, then the quote."""
    who = " · ".join(x for x in (said.speaker or "(no speaker)", said.stance, said.claim) if x)
    quote = said.quote if len(said.quote) <= 120 else said.quote[:119] + "…"
    return f"{_flat(who)}: “{_flat(quote)}” (at {said.start})"


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse reports anything else as a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        search = SearchService(project)
        state = search.ensure_current(progress=progress("indexing"))
        if state != "current":
            err(f"search index {state}")
        try:
            results = search.search(args.query, limit=args.limit)
        except QueryError as error:
            err(f"annotator: {error}")
            return EXIT_USAGE
        lines: dict[str, list[KwicLine]] = {}
        if args.kwic:
            lines = {
                hit.document_id: search.kwic(hit.document_id, args.query) for hit in results.hits
            }
    for note in results.notes:
        err(f"annotator: note: {note}")
    if args.json:
        out(json.dumps(_results_json(results), ensure_ascii=False))
        return EXIT_OK
    matches = "1 document matches" if results.total == 1 else f"{results.total} documents match"
    out(f"{matches}; showing {len(results.hits)} ({results.took_ms:.1f} ms)")
    for rank, hit in enumerate(results.hits, start=1):
        meta = shown(" · ".join(x for x in (hit.source, hit.published_at or "") if x))
        title = shown(hit.title)
        out(f"\n{rank:>3}. {title}" + (f"  ({meta})" if meta else "") + f"  {hit.score:.2f}")
        if args.kwic:
            for line in lines[hit.document_id]:
                left, right = _flat(line.left[-40:]), _flat(line.right[:40])
                out(f"     {line.start:>7}  …{left:>40}[{_flat(line.match)}]{right}…")
        else:
            for snippet in hit.snippets:
                out(f"     …{shown(_snippet_text(snippet))}…")
        for said in hit.statements:
            out(f"     ▸ {_statement_line(said)}")
    return EXIT_OK

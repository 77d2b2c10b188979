"""``annotator agreement PROJECT [--coders A,B,...] [--documents ID,...] [--min-overlap X]
[--json] [--csv DIR]``: inter-coder agreement (issue #19.3; docs/agreement.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_OK, err, out, shown
from annotator.services.agreement import DEFAULT_MIN_OVERLAP, Agreement, measure_agreement
from annotator.services.agreement.measure import STANCE_METRICS
from annotator.services.agreement.report import AgreementReport, Agreements
from annotator.services.agreement.tables import write_tables_csv
from annotator.services.project import ProjectService

NAME = "agreement"
HELP = "inter-coder agreement: Krippendorff's αu of the coded spans, α of paired statements"

_LAYER_TITLES = {
    "mentions": "Mentions (category: actor)",
    "statements": "Statements (category: claim)",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--coders", metavar="NAME,NAME", help="only these coders (default: all)")
    parser.add_argument("--documents", metavar="ID,ID", help="only these documents")
    parser.add_argument(
        "--min-overlap",
        type=float,
        default=DEFAULT_MIN_OVERLAP,
        metavar="X",
        help="statements of two coders are paired when their spans overlap by at least X "
        f"(shared characters / characters covered by either; default {DEFAULT_MIN_OVERLAP})",
    )
    parser.add_argument(
        "--stance-order",
        metavar="STANCE,STANCE",
        help="also measure stance as ordered, from one end of the scale to the other "
        "(for example support,neutral,oppose)",
    )
    parser.add_argument(
        "--stance-metric",
        choices=STANCE_METRICS,
        default="ordinal",
        help="the metric of the ordered stance (default ordinal)",
    )
    parser.add_argument("--json", action="store_true", help="everything, as one JSON object")
    parser.add_argument(
        "--csv",
        metavar="DIR",
        help="also write the tables (overall.csv, categories.csv, pairs.csv, documents.csv "
        "and a manifest.json) into the folder DIR: new, empty, or one written before",
    )


def _names(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        report = measure_agreement(
            project,
            coders=_names(args.coders),
            documents=_names(args.documents),
            min_overlap=args.min_overlap,
            stance_order=_names(args.stance_order),
            stance_metric=args.stance_metric,
        )
        if args.csv:
            written = write_tables_csv(report, Path(args.csv), protected=[project.path])
            summary = f"wrote {len(written)} files to {args.csv}"
            (err if args.json else out)(summary)
    if args.json:
        out(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        out("\n".join(_text(report)))
    return EXIT_OK


def _figure(agreement: Agreement) -> str:
    return "   n/a" if agreement.value is None else f"{agreement.value:6.3f}"


def _why(agreement: Agreement) -> str:
    return f" ({agreement.reason})" if agreement.reason else ""


def _text(report: AgreementReport) -> list[str]:
    lines = [
        f"Coders: {', '.join(shown(c) for c in report.coders) or 'none'}",
        f"Documents coded by two or more of them: {len(report.documents)}"
        + (f" ({len(report.skipped)} more coded by one only)" if report.skipped else ""),
        "",
        *_agreements(report.pooled, report.min_overlap),
    ]
    if report.documents:
        lines += ["", "Per document (αu mentions, αu statements, α claim):"]
        for document in report.documents:
            layers, coding = document.agreements.layers, document.agreements.coding
            lines.append(
                f"  {_figure(layers['mentions'].overall)}  {_figure(layers['statements'].overall)}"
                f"  {_figure(coding.variables['claim'])}  {shown(document.title or document.id)}"
                f"  [{document.id}] ({', '.join(shown(c) for c in document.coders)})"
            )
    if report.pairs:
        lines += ["", "Pairs of coders (αu mentions, αu statements, α claim, speaker, stance):"]
        for pair in report.pairs:
            layers, variables = pair.agreements.layers, pair.agreements.coding.variables
            figures = [layers["mentions"].overall, layers["statements"].overall]
            figures += [variables[name] for name in ("claim", "speaker", "stance")]
            lines.append(
                "  "
                + "  ".join(_figure(f) for f in figures)
                + f"  {shown(pair.coders[0])} × {shown(pair.coders[1])}"
                + f" ({pair.documents} document{'' if pair.documents == 1 else 's'})"
            )
    if report.notes:
        lines += ["", *(f"Note: {note}" for note in report.notes)]
    return lines


def _agreements(agreements: Agreements, min_overlap: float) -> list[str]:
    lines = []
    for name, layer in agreements.layers.items():
        lines.append(
            f"{_LAYER_TITLES[name]}: αu {_figure(layer.overall)}{_why(layer.overall)};"
            f" any category {_figure(layer.any_category)}; {layer.units} spans"
        )
        lines += [
            f"  {_figure(c.agreement)}  {shown(c.label)}{_why(c.agreement)}"
            for c in layer.categories
        ]
    coding = agreements.coding
    unpaired = ", ".join(f"{shown(c)} {n}" for c, n in coding.unpaired.items()) or "none"
    lines.append(
        f"Paired statements (overlap ≥ {min_overlap:g}): {coding.paired} units;"
        f" unpaired statements: {unpaired}"
    )
    width = max(8, *(len(name) for name in coding.variables))
    for name, agreement in coding.variables.items():
        percent = "" if agreement.percent is None else f", agreement {agreement.percent:.1%}"
        lines.append(f"  {name:<{width}} α {_figure(agreement)}{percent}{_why(agreement)}")
    return lines

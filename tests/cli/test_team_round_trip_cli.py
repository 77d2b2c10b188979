"""The team round trip of issue #19.5 through the commands: ``annotator package`` for three
coders, their coding (by the services: coding has no command), ``annotator merge`` (twice:
the second changes nothing), ``annotator agreement --json`` with every figure equal to one
computed independently (tests/services/round_trip_team.py), adjudication by the services,
and ``annotator export --only-coder gold``; exit codes and what each command prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.agreement.adjudication import accept, accept_agreed, compare_document
from annotator.services.project import ProjectService
from tests.services.round_trip_team import (
    PACKAGES,
    TEXTS,
    UNITS,
    code_package,
    compared_documents,
    item,
    make_team_lead,
    naive_alpha,
    naive_alpha_u,
    read_csv,
    span_of,
)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_agreement(capsys: pytest.CaptureFixture[str], lead: Path) -> None:
    code, out, err = run(capsys, "agreement", lead, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    compared = compared_documents()
    assert report["coders"] == ["ann", "bob", "cy"]
    assert [d["coders"] for d in report["documents"]] == [compared[d] for d in TEXTS]
    pooled = report["pooled"]
    for layer in ("mentions", "statements"):
        expected = float(naive_alpha_u(layer, compared))
        assert pooled[layer]["alpha_u"]["value"] == pytest.approx(expected)
    coding = pooled["statement_coding"]
    assert (coding["paired_units"], coding["unpaired_statements"]) == (4, {"cy": 1})
    for name, units in UNITS.items():
        assert coding[name]["value"] == pytest.approx(float(naive_alpha(units)))
    code, out, _err = run(capsys, "agreement", lead)
    assert code == 0
    assert "statements" in out
    assert out.startswith("Coders: ann, bob, cy")
    assert (
        "Note: a coder counts as having coded a document when it was in a coding package of "
        "theirs merged here, or when they made an annotation in it"
    ) in out.splitlines()


def test_the_round_trip_from_the_command_line(tmp_path, capsys):
    lead = make_team_lead(tmp_path / "lead.annot")
    paths = []
    for coder, held in PACKAGES.items():
        path = tmp_path / f"{coder}.annot"
        ids = ",".join(lead.documents[d] for d in held)
        code, out, err = run(capsys, "package", lead.path, "--out", path, "--documents", ids)
        assert (code, err) == (0, "")
        assert out == (
            f"coding package written to {path}: {len(held)} documents, 7 actors, 2 claims, "
            "0 annotations\n"
        )
        code_package(path, coder, lead)
        paths.append(path)

    code, out, err = run(capsys, "merge", lead.path, *paths)
    assert code == 0
    assert "conflict" not in err
    lines = out.splitlines()
    assert lines[0] == "merged 3 files: added 23, updated 0, unchanged 0, conflicts 0, rejected 0"
    assert lines[1:4] == [
        f"{paths[0]} (ann): added 7, updated 0, unchanged 0, conflicts 0, rejected 0, skipped 0",
        f"{paths[1]} (bob): added 9, updated 0, unchanged 0, conflicts 0, rejected 0, skipped 0",
        f"{paths[2]} (cy): added 7, updated 0, unchanged 0, conflicts 0, rejected 0, skipped 0",
    ]
    assert "new coders: ann, bob, cy" in lines
    code, out, _err = run(capsys, "merge", lead.path, *paths)
    assert code == 0
    assert out.splitlines()[0] == (
        "merged 3 files: added 0, updated 0, unchanged 23, conflicts 0, rejected 0"
    )

    check_agreement(capsys, lead.path)

    d2 = lead.documents["D2"]
    with ProjectService.open(lead.path) as project:
        comparison = compare_document(project, d2)
        project.apply(accept_agreed(comparison))
        comparison = compare_document(project, d2)
        project.apply(accept(comparison, item(comparison, "statement", "D2", "denied"), "bob"))
    code, out, err = run(
        capsys, "export", lead.path, "--format", "csv", "--only-coder", "gold",
        "--out", tmp_path / "gold",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip()
    statements = read_csv(tmp_path / "gold" / "statements.csv")
    denial = span_of("D2", "Moscow denied it")
    assert [
        (r["document_id"], r["start"], r["end"], r["quote"], r["speaker"], r["claim"],
         r["stance"], r["coder"]) for r in statements
    ] == [
        (d2, str(denial[0]), str(denial[1]), "Moscow denied it", "Russia",
         "Military cooperation", "neutral", "gold"),
    ]  # fmt: skip
    mentions = read_csv(tmp_path / "gold" / "mentions.csv")
    assert [(r["quote"], r["actor"], r["coder"]) for r in mentions] == [
        ("Seoul", "South Korea", "gold")
    ]
    code, out, err = run(capsys, "agreement", lead.path, "--coders", "bob,gold", "--json")
    assert (code, err) == (0, "")
    pair = json.loads(out)["pooled"]["statement_coding"]
    # one pair of statements, both neutral: no variation, α undefined
    assert (pair["paired_units"], pair["stance"]["value"]) == (1, None)

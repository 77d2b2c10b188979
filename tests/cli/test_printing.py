"""Names and texts from files reach the terminal with their control characters escaped
(issue #13.10): an ANSI sequence in a file name changed the terminal's title and cleared it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.cli.output import err, out, shown
from annotator.core.printable import printable
from annotator.services.project import ProjectService

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_no_raw_controls(text: str) -> None:
    for character in RAW:
        assert character not in text, repr(text)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids control characters in names")
def test_a_rejected_file_with_escapes_in_its_name_is_named_harmlessly(tmp_path, capsys):
    project = tmp_path / "p.annot"
    ProjectService.create(project).close()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{HOSTILE}.txt").write_bytes(b"")  # empty: rejected, and named in the report
    (folder / "fine.txt").write_text("A fine article.", encoding="utf-8")
    code, stdout, stderr = run(capsys, "import", project, folder)
    assert code == 3
    _assert_no_raw_controls(stdout + stderr)
    assert "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202eevil.txt" in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids control characters in names")
def test_a_project_path_with_escapes_is_printed_escaped(tmp_path, capsys):
    project = tmp_path / f"{HOSTILE}\nnext line.annot"
    code, stdout, stderr = run(capsys, "init", project)
    assert code == 0
    _assert_no_raw_controls(stdout + stderr)
    assert stdout.count("\n") == 1  # the line break in the name is escaped too
    code, stdout, stderr = run(capsys, "check", project)
    assert code == 0
    _assert_no_raw_controls(stdout)
    assert "\\u000anext line.annot: ok" in stdout


def test_json_output_stays_valid_and_exact(capsys):
    value = {"title": "a\x9bb\u202ec\x1bd\udcff"}
    out(json.dumps(value, ensure_ascii=False))
    printed = capsys.readouterr().out
    _assert_no_raw_controls(printed)
    assert json.loads(printed)["title"] == value["title"]


@given(st.text())
def test_printed_text_has_no_control_characters_but_line_breaks_and_tabs(text):
    for result, allowed in ((printable(text), "\n\t"), (shown(text), "")):
        for character in result:
            code = ord(character)
            assert character in allowed or not (
                code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
            )
        result.encode("utf-8")  # printable to a UTF-8 terminal: no lone surrogates


def test_err_escapes_too(capsys):
    err(f"annotator: {HOSTILE}")
    _assert_no_raw_controls(capsys.readouterr().err)


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, monkeypatch):
    """`annotator ... | head` (issue #14.7): no BrokenPipeError traceback, exit 0. The
    command's standard output is a pipe whose reader has gone, written line by line."""
    import os
    import sys

    from annotator.cli import main

    project = tmp_path / "demo.annot"
    assert main(["init", str(project), "--demo"]) == 0
    reader, writer = os.pipe()
    os.close(reader)
    stream = os.fdopen(writer, "w", buffering=1)  # each line written at once, as to a pipe
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["search", str(project), "korea", "--kwic"]) == 0
    monkeypatch.undo()
    stream.close()  # the pipe now leads to the null device: closing is quiet too

"""``annotator --self-test`` passes on a sound installation and fails loudly on a broken one."""

from __future__ import annotations

import os

import pytest

from annotator.cli import main
from annotator.services import self_test


@pytest.fixture(autouse=True)
def _restore_environment(monkeypatch):
    # The self-test points ANNOTATOR_HOME at a throwaway folder; give the tests theirs back.
    for name in ("ANNOTATOR_HOME", "QT_QPA_PLATFORM"):
        if name in os.environ:
            monkeypatch.setenv(name, os.environ[name])
        else:
            monkeypatch.delenv(name, raising=False)


def test_the_self_test_passes_and_prints_one_line_per_step(qapp, capsys):
    assert main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    steps = [line.split(":")[0] for line in lines if line.startswith(("ok", "FAIL"))]
    assert steps == [
        "ok   bundled data", "ok   demo project", "ok   readers", "ok   search index",
        "ok   search", "ok   coding", "ok   export", "ok   backup", "ok   check", "ok   window",
    ]  # fmt: skip
    assert lines[-1] == "self-test passed"


def test_a_broken_build_fails_the_self_test(monkeypatch, capsys):
    def missing(name):
        raise FileNotFoundError(f"shipped data folder {name!r} not found")

    monkeypatch.setattr(self_test, "data_dir", missing)
    assert main(["self-test", "--no-window"]) == 1
    out = capsys.readouterr().out
    assert "FAIL bundled data: FileNotFoundError: shipped data folder 'db' not found" in out
    assert out.splitlines()[-1] == "self-test FAILED"

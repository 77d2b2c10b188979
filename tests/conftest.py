"""Shared fixtures: an isolated user home for every test and small ready-made projects."""

from __future__ import annotations

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
    project, _ = create_demo_project(path)
    project.close()
    return path

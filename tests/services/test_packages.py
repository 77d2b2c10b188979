"""Coding packages (#19.1): the chosen documents and the codebook exactly as the lead's, no
annotations unless asked, the lead's id recorded, written whole or not at all."""

from __future__ import annotations

import random

import pytest

from annotator.services.packages import PackageError, choose_documents, make_package
from annotator.services.project import ProjectService
from tests.services.team_projects import make_lead


@pytest.fixture
def lead(tmp_path):
    made = make_lead(tmp_path / "lead" / "lead.annot")
    yield made
    made.project.close()


def test_a_package_holds_the_chosen_documents_and_the_codebook_exactly_and_no_annotations(
    lead, tmp_path
):
    chosen = [lead.documents[4], lead.documents[1]]
    report = make_package(lead.project, tmp_path / "ann.annot", chosen)
    assert (report.documents, report.annotations, report.actors, report.claims) == (2, 0, 3, 2)
    with ProjectService.open(tmp_path / "ann.annot", read_only=True) as package:
        info = package.info()
        assert info.lead_project_id == lead.project.info().id
        assert info.id != lead.project.info().id
        assert info.stance_scale == ("pro", "contra", "neutral")
        assert [d.id for d in package.document_summaries()] == [
            lead.documents[1],
            lead.documents[4],
        ]  # the lead's import order
        for document_id in chosen:
            assert package.document(document_id) == lead.project.document(document_id)
        assert package.actors() == lead.project.actors()
        kim = next(a for a in package.actors() if a.id == "a-kim")
        assert [a.alias for a in kim.aliases] == ["Kim", "the North Korean leader"]
        assert (kim.kind, kim.description, kim.colour) == (
            "person",
            "leader of the DPRK",
            "#aa0000",
        )
        assert package.claims() == lead.project.claims()
        assert [(c.id, c.parent_id, c.shortcut) for c in package.claims()] == [
            ("c-coop", None, "m"),
            ("c-arms", "c-coop", None),
        ]
        assert package.annotations() == []
        assert package.coders() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ann.annot", "lead"]  # nothing left


def test_with_annotations_the_lead_s_coding_of_those_documents_comes_along(lead, tmp_path):
    make_package(lead.project, tmp_path / "p.annot", lead.documents[:2], with_annotations=True)
    with ProjectService.open(tmp_path / "p.annot", read_only=True) as package:
        assert package.annotations() == lead.project.annotations()
        assert [c.name for c in package.coders()] == ["lead"]
    make_package(lead.project, tmp_path / "q.annot", lead.documents[1:], with_annotations=True)
    with ProjectService.open(tmp_path / "q.annot", read_only=True) as package:
        assert package.annotations() == []  # the lead's statement is on the first document


def test_a_sample_with_a_seed_is_the_same_every_time_and_in_the_lead_s_order(lead):
    order = lead.documents
    first = choose_documents(lead.project, sample=3, seed=42)
    assert first == choose_documents(lead.project, sample=3, seed=42)
    assert set(first) == set(random.Random(42).sample(order, 3))
    assert first == [i for i in order if i in first]
    drawn = {tuple(choose_documents(lead.project, sample=2, seed=seed)) for seed in range(10)}
    assert len(drawn) > 1  # the seed matters
    with pytest.raises(PackageError, match="cannot sample 6 documents from 5"):
        choose_documents(lead.project, sample=6, seed=1)


def test_documents_by_id_and_by_query(lead):
    assert choose_documents(lead.project, ids=[lead.documents[3], lead.documents[0]]) == [
        lead.documents[0],
        lead.documents[3],
    ]
    with pytest.raises(PackageError, match="no document with id nope"):
        choose_documents(lead.project, ids=["nope"])
    assert choose_documents(lead.project, query='"Kim Jong Un"') == [
        lead.documents[0],
        lead.documents[4],
    ]
    with pytest.raises(PackageError, match="no document was chosen"):
        choose_documents(lead.project, query="zeppelin")


def test_an_existing_file_is_replaced_only_when_forced(lead, tmp_path):
    target = tmp_path / "ann.annot"
    target.write_bytes(b"precious")
    with pytest.raises(PackageError, match="already exists"):
        make_package(lead.project, target, lead.documents[:1])
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ann.annot", "lead"]
    make_package(lead.project, target, lead.documents[:1], force=True)
    with ProjectService.open(target, read_only=True) as package:
        assert package.stats()["documents"] == 1
    with pytest.raises(PackageError, match="is the project itself"):
        make_package(lead.project, lead.project.path, lead.documents[:1], force=True)
    assert lead.project.stats()["documents"] == 5


def test_a_package_opened_twice_is_read_only_the_second_time(lead, tmp_path):
    make_package(lead.project, tmp_path / "ann.annot", lead.documents)
    with ProjectService.open(tmp_path / "ann.annot") as first:
        assert first.read_only_reason is None
        with ProjectService.open(tmp_path / "ann.annot", fallback_read_only=True) as second:
            assert second.read_only_reason is not None
            assert "ann.annot is open for writing" in second.read_only_reason
            assert second.stats()["documents"] == 5

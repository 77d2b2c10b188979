"""A lead project for the team workflow's tests (docs/team.md): five articles, a codebook
with aliases, kinds, colours, descriptions and a claim tree, and one statement by the lead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.records import ActorRecord, AliasRecord, ClaimRecord
from annotator.services import operations as ops
from annotator.services.packages import make_package
from annotator.services.project import ProjectService
from tests.conftest import make_document

TEXTS = (
    "Kim Jong Un met Vladimir Putin in Vostochny. Putin praised the partnership.",
    "The United States opposes arms transfers, said John Kirby on Monday.",
    "Seoul warned that North Korean troops fight in Kursk, the NIS said.",
    "China called for restraint; Beijing said it is not a party to the conflict.",
    "Sergei Shoigu visited Pyongyang and met Kim Jong Un for talks on defence.",
)


@dataclass
class Lead:
    project: ProjectService
    documents: list[str]
    kim: str
    putin: str
    usa: str
    claim: str
    child: str
    lead_statement: str


def make_lead(path: Path) -> Lead:
    project = ProjectService.create(path, name="Lead", stance_scale=("pro", "contra", "neutral"))
    documents = [
        make_document(text, title=f"Article {n}", origin=f"a{n}.txt", extra={"n": n})
        for n, text in enumerate(TEXTS, start=1)
    ]
    project.apply(ops.AddDocuments(tuple(documents)))
    kim = ActorRecord(
        "a-kim", "Kim Jong Un", "person", "leader of the DPRK", "#aa0000",
        (AliasRecord("al-kim", "Kim"), AliasRecord("al-leader", "the North Korean leader")),
    )  # fmt: skip
    putin = ActorRecord("a-putin", "Vladimir Putin", "person", "", "#0000aa")
    usa = ActorRecord("a-usa", "United States", "state", "the U.S. government", "")
    for actor in (kim, putin, usa):
        project.apply(ops.CreateActor(actor))
    project.apply(ops.CreateClaim(ClaimRecord("c-coop", "Military cooperation", "arms, troops",
                                              None, "#00aa00", "m", 0)))  # fmt: skip
    project.apply(
        ops.CreateClaim(ClaimRecord("c-arms", "Arms supplies", "", "c-coop", "", None, 1))
    )
    lead_coder = project.ensure_coder("lead").id
    text = documents[0].text
    start = text.index("Putin praised")
    statement = ops.AddStatement(
        documents[0].id, start, start + 13, "c-coop", lead_coder, speaker_id="a-putin", stance="pro"
    )
    project.apply(statement)
    return Lead(
        project,
        [d.id for d in documents],
        kim.id,
        putin.id,
        usa.id,
        "c-coop",
        "c-arms",
        statement.id,
    )


def package_for(lead: Lead, path: Path, **kwargs: object) -> Path:
    make_package(lead.project, path, lead.documents, **kwargs)  # type: ignore[arg-type]
    return path


def span(project: ProjectService, document_id: str, phrase: str) -> tuple[int, int]:
    start = project.document(document_id).text.index(phrase)
    return start, start + len(phrase)

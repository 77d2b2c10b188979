"""The Statements view's service (issue #21.1) against plain Python over the stored records:
every filter and sort combination gives the rows, in the order, a reference computes."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.codebook import claim_chains
from annotator.core.errors import AnnotatorError
from annotator.core.exporters.formula_guard import unguard
from annotator.core.statement_table import COLUMNS, PATH_SEPARATOR, StatementRow
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from annotator.services.search import SearchService
from annotator.services.statement_table import (
    StatementFilter,
    StatementSort,
    StatementTable,
    export_statement_rows,
    with_search,
)
from tests.conftest import make_document

TEXT = (
    "Élysée officials met the North Korean leader. STRASSE talks went on; Kim said yes. "
    "Putin answered: “=SUM(A1)” and more words follow here so spans have room to sit. "
) * 3
DATES = (dt.date(2023, 1, 5), dt.date(2024, 6, 1), None, dt.date(2024, 12, 31))
TITLES = ("élysée Report", "Alpha", "zeta news", "Beta")
STANCES = ("support", "oppose", "neutral")
FREE_TEXT = ("document", "date", "actor", "claim", "stance", "quote", "coder", "note")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class World:
    """A project with documents, a claim tree, actors, coders, statements and mentions."""

    def __init__(self, root: Path) -> None:
        self.project = ProjectService.create(root / "table.annot")
        rng = random.Random(7)
        documents = [
            make_document(f"{title}\n\n{TEXT}{n}", title=title, published_at=date)
            for n, (title, date) in enumerate(zip(TITLES, DATES, strict=True))
        ]
        self.project.apply(ops.AddDocuments(tuple(documents)))
        actors = [ops.CreateActor.new(name) for name in ("Kim Jong Un", "ÉLYSÉE", "putin", "Ann")]
        top = ops.CreateClaim.new("Economy")
        child = ops.CreateClaim.new("Taxation", parent_id=top.claim.id)
        grandchild = ops.CreateClaim.new("VAT", parent_id=child.claim.id)
        other = ops.CreateClaim.new("security")
        self.project.apply(ops.Batch((*actors, top, child, grandchild, other), "codebook"))
        self.claims = [c.claim.id for c in (top, child, grandchild, other)]
        self.actors = [a.actor.id for a in actors]
        self.coders = [self.project.ensure_coder(n).id for n in ("ann", "Bob", "çelik")]
        steps: list[ops.Operation] = []
        notes = ("", "check this", "=1+1", "Straße")
        for _ in range(60):
            document = rng.choice(documents)
            start = rng.randrange(0, len(document.text) - 40)
            end = start + rng.randint(1, 30)
            coder = rng.choice(self.coders)
            if rng.random() < 0.3:
                steps.append(
                    ops.AddMention(
                        document.id, start, end, rng.choice(self.actors), coder, rng.choice(notes)
                    )
                )
            else:
                steps.append(
                    ops.AddStatement(
                        document.id,
                        start,
                        end,
                        rng.choice(self.claims),
                        coder,
                        speaker_id=rng.choice([None, *self.actors]),
                        stance=rng.choice([None, *STANCES]),
                        note=rng.choice(notes),
                    )
                )
        self.project.apply(ops.Batch(tuple(steps), "coding"))
        self.documents = {d.id: d for d in documents}
        self.annotation_ids = [a.id for a in self.project.annotations()]

    def reference_rows(self) -> list[StatementRow]:
        """Every row, built in plain Python from the stored records."""
        project = self.project
        actors = {a.id: a.name for a in project.actors()}
        claims = project.claims()
        paths = {
            i: PATH_SEPARATOR.join(chain)
            for i, chain in claim_chains((c.id, c.label, c.parent_id) for c in claims).items()
        }
        coders = {c.id: c.name for c in project.coders()}
        rows = []
        for a in project.annotations():
            document = project.document(a.document_id)
            rows.append(
                StatementRow(
                    a.id,
                    a.document_id,
                    a.kind,
                    document.title,
                    document.published_at.isoformat() if document.published_at else "",
                    actors.get(a.actor_id or "", ""),
                    a.actor_id,
                    paths.get(a.claim_id or "", ""),
                    a.claim_id,
                    a.stance or "",
                    a.exact,
                    coders[a.coder_id],
                    a.note,
                    a.start,
                    a.end,
                )
            )
        return rows

    def descendants(self, claim_id: str) -> set[str]:
        found, grew = {claim_id}, True
        claims = self.project.claims()
        while grew:
            more = {c.id for c in claims if c.parent_id in found} - found
            found |= more
            grew = bool(more)
        return found


def reference(rows: list[StatementRow], f: StatementFilter, s: StatementSort, world: World):
    def keep(row: StatementRow) -> bool:
        conditions = [
            f.kind is None or row.kind == f.kind,
            f.claim_id is None or row.claim_id in world.descendants(f.claim_id),
            f.stance is None or row.stance == f.stance,
            f.stance != "" or row.kind == "statement",
            f.actor_id is None or row.actor_id == f.actor_id,
            f.document_ids is None or row.document_id in f.document_ids,
            f.annotation_ids is None or row.id in f.annotation_ids,
        ]
        if f.coder_id is not None:
            coder = {c.id: c.name for c in world.project.coders()}[f.coder_id]
            conditions.append(row.coder == coder)
        if f.date_from is not None or f.date_to is not None:
            low = (f.date_from or dt.date.min).isoformat()
            high = (f.date_to or dt.date.max).isoformat()
            conditions.append(row.date != "" and low <= row.date <= high)
        for column, text in f.columns:
            cell = str(row.value(column))
            conditions.append(text.casefold() in cell.casefold() if text else cell == "")
        if f.text:
            conditions.append(
                any(f.text.casefold() in str(row.value(c)).casefold() for c in FREE_TEXT)
            )
        return all(conditions)

    kept = sorted((r for r in rows if keep(r)), key=lambda r: (r.document_id, r.start, r.id))

    def key(row: StatementRow) -> Any:
        value = row.value(s.column)
        return value if isinstance(value, int) else value.translate(ASCII_LOWER)

    return sorted(kept, key=key, reverse=s.descending)  # stable: ties stay in id order


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World(tmp_path_factory.mktemp("statements"))
    yield made
    made.project.close()


NEEDLES = (
    "",
    "é",
    "ÉLYS",
    "kim",
    "STRASSE",
    "straße",
    "=",
    "2024",
    "tax",
    PATH_SEPARATOR[1:] + "v",
    "o",
    "zz",
)


@st.composite
def filters(draw: st.DrawFn, world: World) -> StatementFilter:
    dates = st.sampled_from([None, *(d for d in DATES if d), dt.date(2024, 1, 1)])
    columns = draw(
        st.lists(st.tuples(st.sampled_from(COLUMNS), st.sampled_from(NEEDLES)), max_size=2)
    )
    return StatementFilter(
        kind=draw(st.sampled_from([None, "statement", "mention"])),
        claim_id=draw(st.sampled_from([None, *world.claims])),
        stance=draw(st.sampled_from([None, "", *STANCES])),
        coder_id=draw(st.sampled_from([None, *world.coders])),
        actor_id=draw(st.sampled_from([None, *world.actors])),
        date_from=draw(dates),
        date_to=draw(dates),
        text=draw(st.sampled_from(NEEDLES)),
        columns=tuple(columns),
        document_ids=draw(
            st.none() | st.frozensets(st.sampled_from(sorted(world.documents)), max_size=3)
        ),
        annotation_ids=draw(
            st.none() | st.frozensets(st.sampled_from(world.annotation_ids), max_size=30)
        ),
    )


@given(data=st.data())
def test_filtered_sorted_rows_are_the_references(world: World, data: st.DataObject) -> None:
    f = data.draw(filters(world))
    s = StatementSort(data.draw(st.sampled_from(COLUMNS)), data.draw(st.booleans()))
    table = StatementTable(world.project)
    expected = reference(world.reference_rows(), f, s, world)
    assert table.ids(f, s) == [r.id for r in expected]
    assert table.count(f) == len(expected)
    offset = data.draw(st.integers(0, max(0, len(expected))))
    assert table.page(f, s, offset, 7) == expected[offset : offset + 7]
    wanted = [r.id for r in expected[:5]]
    assert table.rows(wanted) == {r.id: r for r in expected[:5]}


def test_pages_cover_the_table_once_in_order(world: World) -> None:
    table = StatementTable(world.project)
    everything = StatementFilter()
    for column in COLUMNS:
        sort = StatementSort(column, descending=column == "quote")
        pages = [
            r.id for offset in range(0, 70, 9) for r in table.page(everything, sort, offset, 9)
        ]
        assert pages == table.ids(everything, sort)
        assert len(pages) == len(set(pages)) == 60


def test_the_claim_column_holds_the_whole_path(world: World) -> None:
    table = StatementTable(world.project)
    vat = world.claims[2]
    rows = table.page(StatementFilter(claim_id=vat), StatementSort(), 0, 100)
    assert rows
    assert {r.claim for r in rows} == {PATH_SEPARATOR.join(("Economy", "Taxation", "VAT"))}
    under_economy = table.count(StatementFilter(claim_id=world.claims[0]))
    assert under_economy == sum(1 for r in world.reference_rows() if r.claim.startswith("Economy"))


def test_a_search_query_filters_by_statements_or_documents(world: World, tmp_path: Path) -> None:
    search = SearchService(world.project, tmp_path / "index")
    try:
        search.ensure_current()
        table = StatementTable(world.project)
        by_statement = with_search(StatementFilter(), search, "stance:oppose", "statements")
        rows = table.page(by_statement, StatementSort(), 0, 1000)
        expected = {r.id for r in world.reference_rows() if r.stance == "oppose"}
        assert {r.id for r in rows} == expected
        by_document = with_search(StatementFilter(), search, "title:alpha", "documents")
        alpha = next(i for i, d in world.documents.items() if d.title == "Alpha")
        assert {r.document_id for r in table.page(by_document, StatementSort(), 0, 1000)} == {alpha}
        assert with_search(StatementFilter(), search, "  ", "documents") == StatementFilter()
    finally:
        search.close()


def test_export_writes_the_shown_columns_and_rows(world: World, tmp_path: Path) -> None:
    f = StatementFilter(kind="statement", text="e")
    s = StatementSort("note", descending=True)
    out = tmp_path / "shown.csv"
    out.write_text("old", encoding="utf-8")
    columns = ["quote", "note", "claim", "start"]
    seen: list[tuple[int, int]] = []
    written = export_statement_rows(
        world.project, f, s, columns, out, progress=lambda d, t: seen.append((d, t))
    )
    expected = reference(world.reference_rows(), f, s, world)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == columns
    cells = [[unguard(c) for c in line] for line in lines[1:]]
    assert cells == [[r.quote, r.note, r.claim, str(r.start)] for r in expected]
    assert written == len(expected) > 0
    assert seen[-1] == (written, written)
    assert any(line[1] == "'=1+1" for line in lines[1:])  # the formula guard
    assert [p.name for p in tmp_path.iterdir()] == ["shown.csv"]  # no staging file left


def test_a_cancelled_or_refused_export_leaves_the_old_file(world: World, tmp_path: Path) -> None:
    out = tmp_path / "shown.csv"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="cancelled"):
        export_statement_rows(
            world.project,
            StatementFilter(),
            StatementSort(),
            ["quote"],
            out,
            cancelled=lambda: True,
        )
    with pytest.raises(AnnotatorError, match="own file"):
        export_statement_rows(
            world.project, StatementFilter(), StatementSort(), ["quote"], world.project.path
        )
    with pytest.raises(AnnotatorError, match="no column"):
        export_statement_rows(world.project, StatementFilter(), StatementSort(), ["id"], out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["shown.csv"]


def test_unknown_columns_are_refused(world: World) -> None:
    table = StatementTable(world.project)
    with pytest.raises(ValueError, match="no column"):
        table.ids(StatementFilter(), StatementSort("id; DROP TABLE annotation"))
    with pytest.raises(ValueError, match="no column"):
        table.count(StatementFilter(columns=(("nope", "x"),)))


def test_text_filters_fold_case_beyond_ascii(world: World) -> None:
    table = StatementTable(world.project)
    rows = world.reference_rows()
    straße = sum(1 for r in rows if r.note == "Straße")
    assert straße > 0
    assert table.count(StatementFilter(columns=(("note", "STRASSE"),))) == straße
    élysée = sum(1 for r in rows if r.actor == "ÉLYSÉE")
    assert élysée > 0
    assert table.count(StatementFilter(columns=(("actor", "élysée"),))) == élysée

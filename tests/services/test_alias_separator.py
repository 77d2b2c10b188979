"""An alias cannot hold the separator CSV and XLSX datasets join aliases with, so every alias
comes back from a dataset as it went in (issue #17.8)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import OperationRefusedError
from annotator.core.exporters.csv_writer import LIST_SEPARATOR, listable
from annotator.services import operations as ops
from annotator.services.dataset_export import export_dataset
from annotator.services.dataset_load import load_dataset
from annotator.services.project import ProjectService


@pytest.mark.parametrize("alias", ["Kim | Jong", "the leader |", "| marshal", " | "])
def test_an_alias_with_the_list_separator_is_refused(tmp_path, alias):
    with ProjectService.create(tmp_path / "p.annot") as project:
        with pytest.raises(OperationRefusedError, match=r"cannot contain ' \| '"):
            project.apply(ops.CreateActor.new("Kim Jong Un", aliases=(alias,)))
        create = ops.CreateActor.new("Kim Jong Un")
        project.apply(create)
        with pytest.raises(OperationRefusedError, match=r"cannot contain ' \| '"):
            project.apply(ops.AddAlias(create.actor.id, "the | leader"))
        assert [a.aliases for a in project.actors()] == [()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_aliases_with_pipes_come_back_from_csv_and_xlsx_whole(tmp_path, fmt):
    aliases = ("Kim|Jong", "|leader", "marshal|", "a || b", "x |y")
    with ProjectService.create(tmp_path / "p.annot") as project:
        project.apply(ops.CreateActor.new("Kim Jong Un", aliases=aliases))
        export_dataset(project, tmp_path / "out", fmt=fmt)
    with ProjectService.create(tmp_path / "q.annot") as other:
        _report, _changes, _inverse = load_dataset(other, tmp_path / "out")
        (actor,) = other.actors()
        assert sorted(a.alias for a in actor.aliases) == sorted(aliases)


@settings(max_examples=300)
@given(st.lists(st.text(alphabet="a| ", min_size=1, max_size=6), min_size=1, max_size=4))
def test_listable_items_split_back_from_their_join(items):
    items = [" ".join(item.split()) for item in items]
    items = [item for item in items if item and listable(item)]
    if items:
        assert LIST_SEPARATOR.join(items).split(LIST_SEPARATOR) == items

"""Whoosh's internals are used in one module only, which checks the installed version."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import annotator
from annotator.core.search import whoosh_compat, whoosh_postings

PACKAGE = Path(annotator.__file__).parent
COMPAT = {PACKAGE / "core" / "search" / name for name in ("whoosh_compat.py", "whoosh_postings.py")}
# Whoosh's public API: what its documentation teaches (schemas, writers, queries, parsers,
# searchers, collectors, matchers as a base class).
PUBLIC = {
    "whoosh",
    "whoosh.analysis",
    "whoosh.collectors",
    "whoosh.fields",
    "whoosh.filedb.filestore",
    "whoosh.formats",
    "whoosh.index",
    "whoosh.lang.porter",
    "whoosh.matching",
    "whoosh.qparser",
    "whoosh.query",
    "whoosh.reading",
    "whoosh.writing",
}
# Names that are Whoosh internals even though their module is public.
INTERNAL_NAMES = {"TOC", "LockError", "default_pattern", "W3LeafMatcher", "_INT_SIZE"}


def _python_files() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if path not in COMPAT]


def _whoosh_internals(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            if node.module not in PUBLIC:
                found.append(f"from {node.module} import ...")
            found += [f"{node.module}.{a.name}" for a in node.names if a.name in INTERNAL_NAMES]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("whoosh.")]
        elif isinstance(node, ast.Attribute) and node.attr == "__class__":
            if isinstance(getattr(node, "ctx", None), ast.Store):
                found.append("__class__ assignment")
        elif isinstance(node, ast.Attribute) and node.attr in {
            "_postfile",
            "_dataoffset",
            "_goto",
            "_score",
            "_btexts",
            "_find_first",
            "deleted_docs_set",
        }:
            found.append(node.attr)
    return found


def test_only_the_compat_module_touches_whoosh_internals():
    offenders = {}
    for path in _python_files():
        found = _whoosh_internals(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[str(path.relative_to(PACKAGE))] = found
    assert offenders == {}


def test_the_fence_sees_what_it_fences():
    # The checker is not vacuous: the compat modules are full of what it looks for.
    found = {
        name
        for path in COMPAT
        for name in _whoosh_internals(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert {"_postfile", "_goto", "_score", "_btexts", "__class__ assignment"} <= set(found)


def test_another_whoosh_version_is_refused_with_a_clear_message():
    whoosh_compat.check_version(whoosh_compat.PINNED)
    with pytest.raises(whoosh_compat.WhooshVersionError, match=r"whoosh-reloaded==2\.7\.5"):
        whoosh_compat.check_version((2, 7, 6))


def test_every_override_says_why():
    assert len(whoosh_compat.OVERRIDES) >= 8
    assert all(o.name and len(o.why) > 20 for o in whoosh_compat.OVERRIDES)


def test_the_index_is_written_packed_without_block_length_bounds_or_compression(tmp_path):
    # Whoosh's default codec reads each posting's field length back from disk while writing
    # (a quarter of indexing) to store block bounds the ranking never uses, and compresses
    # every block: writer_codec() does neither, in a rebuild, an update and a merge alike.
    from whoosh import index as whoosh_index

    from annotator.core.search import DocumentEntry
    from annotator.core.search.whoosh_index import INDEX_NAME, WhooshIndex

    def longest_in_blocks() -> list[int]:
        ix = whoosh_index.open_dir(str(tmp_path / "ix"), indexname=INDEX_NAME)
        with ix.reader() as reader:
            leaves = [leaf for leaf, _offset in reader.leaf_readers()]
            matchers = [whoosh_postings.leaf_matcher(leaf, "body", b"korea") for leaf in leaves]
            assert [matcher._compression for matcher in matchers] == [0] * len(leaves)
            assert all(isinstance(m, whoosh_postings.PackedLeafMatcher) for m in matchers)
            return [matcher.block_max_length() for matcher in matchers]

    index = WhooshIndex(tmp_path / "ix", "p")
    try:
        text = "north korea and south korea " * 20
        index.rebuild([DocumentEntry(f"d{n}", "", "", None, text) for n in range(3)], 1)
        assert longest_in_blocks() == [0]
        index.update([], [DocumentEntry("d9", "", "", None, text)], watermark=2)
        assert longest_in_blocks() == [0, 0]
        index.merge_segments()
        assert longest_in_blocks() == [0]
        assert len(index.search("korea", limit=10).hits) == 4
    finally:
        index.close()

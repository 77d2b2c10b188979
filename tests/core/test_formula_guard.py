"""The CSV formula guard (issue #13 item 11): cells a spreadsheet could run after leading
spaces or invisible characters, fullwidth formula characters; exactly undone by unguard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.exporters.formula_guard import guard, needs_guard, unguard

# What a spreadsheet would run, written out by hand (not derived from the module's tables).
RUN_AS_FORMULA = [
    "=1+2",
    "+49 30",
    "-2",
    "@SUM(A1)",
    ' =HYPERLINK("http://x")',  # LibreOffice with "trim spaces"
    "   -1",
    "\u00a0=1",  # no-break space
    "\u3000=1",  # ideographic space
    "\u200b=1",  # zero-width space
    "\ufeff=1",  # byte-order mark
    "\u2060+1",  # word joiner
    "\uff1d1+1",  # fullwidth =
    "\uff0b1",  # fullwidth +
    "\uff0d1",  # fullwidth -
    "\uff20x",  # fullwidth @
    " \u00a0\u3000\u200b\uff1dx",
]
ALWAYS = ["\tx", "\rx", "\nx", "'quoted"]
HARMLESS = ["", "plain", " plain", "\u00a0", "a=1", "1-2", "\u200bword", "(=)"]


@pytest.mark.parametrize("text", RUN_AS_FORMULA + ALWAYS)
def test_cells_a_spreadsheet_could_run_get_the_guard(text):
    assert needs_guard(text)
    assert guard(text) == "'" + text
    assert unguard(guard(text)) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_cells_stay_as_they_are(text):
    assert not needs_guard(text)
    assert guard(text) == text
    assert unguard(text) == text


INTERESTING = st.text(
    alphabet=st.sampled_from("=+-@'\t\r\n a1\u00a0\u3000\u200b\ufeff\uff1d\uff0b\uff0d\uff20"),
    max_size=6,
)


@given(INTERESTING | st.text())
def test_unguard_undoes_guard_exactly(text):
    assert unguard(guard(text)) == text


@given(INTERESTING | st.text())
def test_a_guarded_cell_never_starts_a_formula(text):
    cell = guard(text)
    visible = cell.lstrip(" \u00a0\u3000\u200b\ufeff\u2060\t\r\n")
    assert not visible.startswith(tuple("=+-@\uff1d\uff0b\uff0d\uff20"))


@given(INTERESTING)
def test_version_1_cells_are_undone_too(text):
    """Guard version 1 prefixed only cells starting with = + - @ tab CR LF '."""
    version_1 = "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "'")) else text
    assert unguard(version_1) == text

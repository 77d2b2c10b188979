"""The colours painted for codes keep WCAG contrast on any page, for any code colour
(checked with a contrast formula written here, not the app's)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QPalette

from annotator.gui.contrast import standing_out, statement_fill
from annotator.gui.theme import DARK

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")
PAGES = [("#ffffff", "#000000"), (DARK[QPalette.ColorRole.Base], DARK[QPalette.ColorRole.Text])]


def _ratio(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        parts = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [p / 12.92 if p <= 0.04045 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    x, y = sorted((lum(a), lum(b)))
    return (y + 0.05) / (x + 0.05)


@given(colours, st.sampled_from(PAGES))
def test_text_on_a_statement_fill_keeps_4_5_to_1(colour, page):
    base, text = page
    assert _ratio(statement_fill(colour, base, text), text) >= 4.5


@given(colours, colours)
def test_a_mark_stands_out_by_3_to_1_from_any_background(colour, background):
    assert _ratio(standing_out(colour, background), background) >= 3.0


@given(colours, colours)
def test_coloured_text_reaches_4_5_to_1_from_any_background(colour, background):
    assert _ratio(standing_out(colour, background, 4.5), background) >= 4.5


def test_a_colour_that_stands_out_already_is_kept():
    assert standing_out("#1f77b4", "#ffffff") == "#1f77b4"
    assert statement_fill("#f2c14e", "#ffffff", "#000000") != "#ffffff"

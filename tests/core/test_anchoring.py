import pytest

from annotator.core.anchoring import CONTEXT, fits, make_selector, reanchor


def test_selector_keeps_quote_and_32_code_points_of_context():
    text = "x" * 50 + "Kim" + "y" * 50
    quote = make_selector(text, 50, 53)
    assert quote.exact == "Kim"
    assert quote.prefix == "x" * CONTEXT
    assert quote.suffix == "y" * CONTEXT


def test_selector_refuses_empty_or_outside_spans():
    with pytest.raises(ValueError, match="span"):
        make_selector("abc", 1, 1)
    with pytest.raises(ValueError, match="span"):
        make_selector("abc", 2, 5)


def test_reanchor_prefers_the_occurrence_whose_context_matches():
    text = "Putin said no. Later, Kim said yes. Putin said yes."
    second = text.rindex("Putin said")
    assert reanchor(text, "Putin said", prefix="yes. ", suffix=" yes.", hint=0) == (
        second,
        second + len("Putin said"),
    )


def test_reanchor_uses_the_hint_between_equal_candidates():
    text = "ab ab ab"
    assert reanchor(text, "ab", hint=5) == (6, 8)
    assert reanchor(text, "ab", hint=0) == (0, 2)


def test_reanchor_returns_none_when_the_quote_is_gone():
    assert reanchor("nothing here", "Kim") is None
    assert reanchor("text", "") is None


def test_fits():
    assert fits("😊 Kim", 2, 5, "Kim")
    assert not fits("😊 Kim", 3, 6, "Kim")

"""A claim's colour, once given, stays (issue #16.5): creating a claim recoloured existing
ones (a highlight turned from yellow to blue), as colours came from places in the tree."""

from __future__ import annotations

from annotator.core.codebook import CLAIM_PALETTE, fallback_claim_colour
from annotator.services import operations as ops


def test_new_claims_never_recolour_the_others(window):
    cache = window.codebook_cache
    before = dict(cache.claim_colours)
    assert all(c.colour for c in window.project.claims())  # stored when they were created
    first = window.project.claims()[0]
    for label in ("Aardvark policy", "Another claim", "Zebra policy"):
        new = ops.CreateClaim.new(label, parent_id=first.id)  # in the tree before the rest
        assert window.session.push(new, "New claim")
    after = cache.claim_colours
    assert {k: after[k] for k in before} == before
    created = [c for c in window.project.claims() if c.id not in before]
    assert len(created) == 3
    assert all(c.colour in CLAIM_PALETTE for c in created)
    # Undo and redo bring the same colour back.
    colour = created[-1].colour
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert {c.id: c.colour for c in window.project.claims()}[created[-1].id] == colour


def test_a_claim_stored_without_a_colour_gets_one_that_does_not_move():
    assert fallback_claim_colour("a") == fallback_claim_colour("a")
    assert {fallback_claim_colour(str(n)) for n in range(100)} == set(CLAIM_PALETTE)

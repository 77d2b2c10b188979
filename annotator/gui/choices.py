"""The rows of the actor and claim pickers, made from the codebook (one place for the coding
keys and the Statements view's recoding)."""

from __future__ import annotations

from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.picker import Choice


def actor_choices(codebook: CodebookCache) -> list[Choice]:
    """Every actor, found by its name and aliases, its description as the tip."""
    return [
        Choice(
            a.id,
            f"{a.name}  ({a.kind})",
            (a.name, *(x.alias for x in a.aliases)),
            tip=a.description,
        )
        for a in codebook.actors.values()
    ]


def claim_choices(codebook: CodebookCache) -> list[Choice]:
    """The claim tree in tree order, indented, with each claim's letter."""
    depths = codebook.depths
    return [
        Choice(
            c.id,
            "    " * depths.get(c.id, 0) + c.label + (f"  [{c.shortcut}]" if c.shortcut else ""),
            (c.label,),
            c.shortcut or "",
            c.parent_id,
            tip=c.description,
        )
        for c in codebook.claims
    ]

from annotator.core.codebook import claim_chains, with_descendants

TREE = [("a", "Cooperation", None), ("b", "Arms", "a"), ("c", "Shells", "b"), ("d", "Other", None)]


def test_chains_run_from_the_root_down():
    chains = claim_chains(TREE)
    assert chains["c"] == ("Cooperation", "Arms", "Shells")
    assert chains["d"] == ("Other",)


def test_a_cycle_or_a_missing_parent_ends_a_chain():
    chains = claim_chains([("x", "X", "y"), ("y", "Y", "x"), ("z", "Z", "gone")])
    assert set(chains["x"]) == {"X", "Y"}
    assert chains["z"] == ("Z",)


def test_descendants_include_the_roots_and_everything_below():
    pairs = [(i, p) for i, _label, p in TREE]
    assert with_descendants(pairs, ["a"]) == {"a", "b", "c"}
    assert with_descendants(pairs, ["d"]) == {"d"}

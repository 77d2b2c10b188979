"""Use cases over the core: operations with inverses, queries, import, dataset export/load."""

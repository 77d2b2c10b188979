"""Domain, storage, search and import/export. No Qt (import-linter enforces it)."""

"""Item data roles shared by the app's models (one place, like Picard and napari)."""

from PySide6.QtCore import Qt

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
"""A document's coding status (the status filter reads it)."""

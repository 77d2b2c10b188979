"""Opening a ZIP container (.docx, .xlsx) that may be hostile: a zip bomb, path-traversal
member names, or too many members. Checked from the central directory before anything is
decompressed; the readers then only ever read members through the checked archive."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from annotator.core.importers import RejectedFileError

MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200
"""Word and Excel XML compresses ~10-30x; a bomb compresses thousands of times."""


def open_checked(path: Path, kind: str) -> zipfile.ZipFile:
    """``path`` opened as a ZIP after the checks above; ``kind`` names it in messages."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise RejectedFileError(f"{path.name}: not a {kind} file (not a valid ZIP)") from error
    try:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise RejectedFileError(f"{path.name}: {len(members)} parts is too many for a {kind}")
        total = 0
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or ":" in member.filename:
                raise RejectedFileError(
                    f"{path.name}: refused: a part has an unsafe path ({member.filename!r})"
                )
            total += member.file_size
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
                raise RejectedFileError(
                    f"{path.name}: refused: looks like a zip bomb ({member.filename} expands "
                    f"{member.file_size // member.compress_size}x)"
                )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise RejectedFileError(
                f"{path.name}: refused: expands to {total / 1e6:.0f} MB "
                f"(limit {MAX_UNCOMPRESSED_BYTES / 1e6:.0f} MB)"
            )
    except BaseException:
        archive.close()
        raise
    return archive

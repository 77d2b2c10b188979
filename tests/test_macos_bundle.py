"""Static checks of the macOS bundle, which cannot be built here (issue #18.5): the Info.plist
the spec gives Annotator.app parses and declares what macOS needs, and the build scripts and
the release workflow pass shellcheck and actionlint (in scripts/run-tests)."""

from __future__ import annotations

import plistlib
import re
from pathlib import Path
from typing import Any

import pytest

from annotator import __version__

ROOT = Path(__file__).resolve().parents[1]
PLIST = ROOT / "packaging" / "macos" / "Info.plist"
UTI = "org.annotator.project"


@pytest.fixture(scope="module")
def info() -> dict[str, Any]:
    with open(PLIST, "rb") as handle:
        parsed: dict[str, Any] = plistlib.load(handle)  # fails on XML or plist-type errors
    return parsed


def test_the_bundle_has_an_id_and_a_name(info):
    # Reverse-DNS, no spaces: codesign, notarisation and Launch Services key on it.
    assert re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", info["CFBundleIdentifier"])
    assert info["CFBundleIdentifier"] == "org.annotator.Annotator"
    assert info["CFBundleName"] == "Annotator"


def test_high_dpi_and_dark_mode_are_on(info):
    assert info["NSHighResolutionCapable"] is True
    assert info["NSRequiresAquaSystemAppearance"] is False
    assert re.fullmatch(r"\d+(\.\d+)*", info["LSMinimumSystemVersion"])


def test_annot_files_open_in_annotator(info):
    (document,) = info["CFBundleDocumentTypes"]
    assert document["CFBundleTypeExtensions"] == ["annot"]
    assert document["CFBundleTypeRole"] == "Editor"
    assert document["LSHandlerRank"] == "Owner"
    assert document["LSItemContentTypes"] == [UTI]
    # The UTI the document type names is declared (exported) by this bundle.
    (declared,) = info["UTExportedTypeDeclarations"]
    assert declared["UTTypeIdentifier"] == UTI
    assert declared["UTTypeTagSpecification"]["public.filename-extension"] == ["annot"]
    assert "public.data" in declared["UTTypeConformsTo"]


def test_the_version_is_filled_by_the_spec_and_is_one_macos_accepts(info):
    # Left out of the file so that it cannot go stale; the spec writes this build's version.
    assert "CFBundleVersion" not in info
    assert "CFBundleShortVersionString" not in info
    spec = (ROOT / "packaging" / "annotator.spec").read_text(encoding="utf-8")
    assert '"packaging" / "macos" / "Info.plist"' in spec
    assert 'info_plist["CFBundleVersion"] = __version__' in spec
    assert 'info_plist["CFBundleShortVersionString"] = __version__' in spec
    assert 'bundle_identifier=info_plist["CFBundleIdentifier"]' in spec
    # CFBundleVersion: up to three non-negative integers separated by dots.
    assert re.fullmatch(r"\d+(\.\d+){0,2}", __version__), __version__


def test_every_platform_registers_the_same_file_type(info):
    iss = (ROOT / "packaging" / "windows" / "annotator.iss").read_text(encoding="utf-8")
    assert 'Subkey: "Software\\Classes\\.annot"' in iss
    mime = (ROOT / "packaging" / "linux" / "annotator-mime.xml").read_text(encoding="utf-8")
    assert 'pattern="*.annot"' in mime
    assert info["CFBundleDocumentTypes"][0]["CFBundleTypeExtensions"] == ["annot"]

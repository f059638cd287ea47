"""The desktop entry and AppStream metadata are valid for Linux software centres."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def test_desktop_entry_is_valid() -> None:
    validate = shutil.which("desktop-file-validate")
    assert validate, (
        "desktop-file-validate is needed: Debian's desktop-file-utils (.ci/run installs it)"
    )
    result = subprocess.run(
        [validate, str(PACKAGING / "uk.gov.coventry.Inspect.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_appstream_metadata_is_valid() -> None:
    validate = shutil.which("appstreamcli")
    assert validate, "appstreamcli is needed: Debian's appstream (.ci/run installs it)"
    result = subprocess.run(
        [validate, "validate", "--no-net", str(PACKAGING / "uk.gov.coventry.Inspect.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_versions_agree() -> None:
    from coventry_inspect import __version__

    assert (
        f'<release version="{__version__}"'
        in (PACKAGING / "uk.gov.coventry.Inspect.metainfo.xml").read_text()
    )

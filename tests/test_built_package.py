"""The application `make package` built (dist/coventry-inspect/) runs on its own: its version,
the commands that write, list and print, and the window, each in a fresh process with a home of
its own. `make test` builds it first whenever what goes into it changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coventry_inspect import __version__
from tests.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "dist" / "coventry-inspect"
PROGRAM = BUILD / ("coventry-inspect.exe" if sys.platform == "win32" else "coventry-inspect")


@pytest.fixture(scope="module")
def program() -> Path:
    assert PROGRAM.is_file(), f"{PROGRAM} is missing: run `make package` (`make test` does)"
    return PROGRAM


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment whose settings, data, backups and log all live under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVENTRY_INSPECT")}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA"):
        env[name] = str(tmp_path / "home" / name.lower())
    env.pop("PYTHONPATH", None)  # the build must need nothing from this source tree
    return env


def run(
    program: Path, env: dict[str, str], cwd: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )


def test_version_is_the_packages(program: Path, home: dict[str, str], tmp_path: Path) -> None:
    result = run(program, home, tmp_path, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"coventry-inspect {__version__}")


def test_every_resource_is_bundled(program: Path) -> None:
    def files(folder: Path) -> set[str]:
        return {
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }

    bundled = next(
        p for p in (BUILD / "_internal" / "resources", BUILD / "resources") if p.is_dir()
    )
    assert files(ROOT / "resources") == files(bundled)


def test_example_list_and_letter_pdf(program: Path, home: dict[str, str], tmp_path: Path) -> None:
    """The schema is made by the bundled Alembic migrations; the PDF is a real one."""
    database = tmp_path / "inspections.sqlite"
    example = run(program, home, tmp_path, "example", "--db", str(database))
    assert (example.returncode, example.stderr) == (0, "")
    assert example.stdout.splitlines() == ["wrote COV-2013-03", "wrote COV-2004-05"]

    listing = run(program, home, tmp_path, "list", "--db", str(database))
    assert listing.returncode == 0, listing.stderr
    assert "COV-2013-03  Focused inspection  Coventry   11 to 15 March 2013" in listing.stdout
    assert "COV-2004-05  LEA inspection      Coventry   May 2004" in listing.stdout

    pdf = tmp_path / "letter.pdf"
    args = ("letter", "--db", str(database), "--inspection", "COV-2013-03")
    letter = run(program, home, tmp_path, *args, "--pdf", str(pdf))
    assert letter.returncode == 0, letter.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = run(program, home, tmp_path, *args, "--text")
    assert text.returncode == 0, text.stderr
    printed = " ".join(pdf_text(pdf).split())
    opening = [line.strip() for line in text.stdout.splitlines() if line.strip()][:5]
    assert opening, text.stdout
    for line in opening:  # the letter's heading lines, as the PDF's reader sees them
        assert " ".join(line.split()) in printed


def test_the_window_opens_and_paints(program: Path, home: dict[str, str], tmp_path: Path) -> None:
    database = tmp_path / "window.sqlite"
    assert run(program, home, tmp_path, "example", "--db", str(database)).returncode == 0
    env = {**home, "QT_QPA_PLATFORM": "offscreen", "COVENTRY_INSPECT_QUIT_AFTER_SHOW": "1"}
    result = run(program, env, tmp_path, "--db", str(database))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["window shown: Coventry Inspect — window.sqlite"]
    assert "Traceback" not in result.stderr

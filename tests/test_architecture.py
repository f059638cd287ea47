"""The layers of DESIGN §3: Qt widgets only in gui/, the core importable without Qt or a display."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import coventry_inspect

PACKAGE = Path(coventry_inspect.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_qt_widgets_outside_gui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "gui" not in path.relative_to(PACKAGE).parts
        and any(name.startswith("PySide6.QtWidgets") for name in imported_modules(path))
    ]
    assert offenders == []


def test_core_imports_and_runs_without_qt_or_a_display(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "import coventry_inspect.cli, coventry_inspect.services.summary\n"
        "import coventry_inspect.services.judgements, coventry_inspect.services.history\n"
        "from coventry_inspect.store.database import open_database\n"
        "from coventry_inspect.services.examples import install_examples\n"
        f"install_examples(open_database({str(tmp_path / 'x.sqlite')!r}))\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 0, result.stderr

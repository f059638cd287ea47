"""A real main window on a real database file, offscreen, with dialogs answered by the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.errors import ExceptionHook
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.workspace import Workspace
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import open_database


class Answers:
    """What the test answers to the input dialogs a window would ask, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queue: list[Any] = []
        self.shown: list[tuple[str, str]] = []
        from PySide6.QtWidgets import QInputDialog

        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (self.queue.pop(0), True))
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (self.queue.pop(0), True))
        monkeypatch.setattr(
            QInputDialog, "getMultiLineText", lambda *a, **k: (self.queue.pop(0), True)
        )

    def show(self, _parent: object, title: str, message: str) -> None:
        self.shown.append((title, message))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers(monkeypatch)
    import coventry_inspect.gui.errors as errors
    import coventry_inspect.gui.file_actions as file_actions
    import coventry_inspect.gui.printing as printing

    monkeypatch.setattr(errors, "show_error", answers.show)
    monkeypatch.setattr(file_actions, "show_error", answers.show)
    monkeypatch.setattr(printing, "show_error", answers.show)
    return answers


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "examples.sqlite"
    db = open_database(str(path))
    install_examples(db)
    db.close()
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def window(
    qtbot: QtBot, settings: Settings, database_file: Path, answers: Answers
) -> Iterator[MainWindow]:
    hook = ExceptionHook(show=answers.show)
    hook.install()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_database(str(database_file))
    yield window
    window.close_database()
    hook.uninstall()


def workspace_of(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def screenshot(widget: Any, name: str, tmp_path: Path) -> Path:
    """Saved into $COVENTRY_SCREENSHOTS when set (to be looked at), else the test's folder."""
    folder = Path(os.environ.get("COVENTRY_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    return path

"""Save as PDF…, Export workbook… and New blank workbook… onto a full disk: the same sentence as
the command line in a dialog, no claim of success, and the old file left as it was."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coventry_inspect.gui import file_actions, printing
from coventry_inspect.gui.main_window import MainWindow
from tests.full_disk import SmallDisk, small_disk
from tests.gui.conftest import Answers


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path) as disk:
        yield disk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def full(disk: SmallDisk, name: str) -> str:
    return (
        f"{disk.folder / name} was not saved: the disk holding {disk.folder} is full; "
        "free some space and save again."
    )


def assert_left_alone(target: Path, before: str) -> None:
    assert digest(target) == before
    assert [name for name in os.listdir(target.parent) if name.endswith(".part")] == []


def test_save_as_pdf_onto_a_full_disk_says_so_and_keeps_the_old_pdf(
    window: MainWindow, disk: SmallDisk, answers: Answers
) -> None:
    target = disk.folder / "letter.pdf"
    assert printing.save_pdf(window, str(target)) == target
    before = digest(target)
    window.statusBar().clearMessage()
    disk.fill()
    with disk.injected():
        assert printing.save_pdf(window, str(target)) is None
    assert answers.shown == [("Save as PDF", full(disk, "letter.pdf"))]
    assert window.statusBar().currentMessage() == ""
    assert_left_alone(target, before)


def test_export_and_blank_workbook_onto_a_full_disk_say_so_and_keep_the_old_files(
    qtbot: QtBot, window: MainWindow, disk: SmallDisk, answers: Answers
) -> None:
    exported, blank = disk.folder / "cov.xlsx", disk.folder / "blank.xlsx"
    task = file_actions.export_workbook(window, str(exported))
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    file_actions.blank_workbook(window, str(blank), "LEA inspection")
    before = digest(exported), digest(blank)
    window.statusBar().clearMessage()
    disk.fill()
    with disk.injected():
        task = file_actions.export_workbook(window, str(exported))
        assert task is not None
        with qtbot.waitSignal(task.failed, timeout=30_000):
            pass
        file_actions.blank_workbook(window, str(blank), "LEA inspection")
    assert answers.shown == [
        ("Export workbook", full(disk, "cov.xlsx")),
        ("New blank workbook", full(disk, "blank.xlsx")),
    ]
    assert window.statusBar().currentMessage() == ""
    assert_left_alone(exported, before[0])
    assert_left_alone(blank, before[1])

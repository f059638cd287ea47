"""Long work off the GUI thread: a generator of progress run in a QThread, with a progress
dialog whose Cancel stops it between steps. The window never freezes."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

Step = tuple[float, str]
"""Fraction done (0–1) and what is happening."""
Job = Callable[[], Generator[Step, None, Any]]
"""A generator function: yields steps; its return value (StopIteration.value) is the result."""


class _Worker(QObject):
    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            steps = self.job()
            while True:
                try:
                    fraction, label = next(steps)
                except StopIteration as stop:
                    self.finished.emit(stop.value)
                    return
                self.progressed.emit(fraction, label)
                if self.cancelled:
                    steps.close()
                    self.finished.emit(None)
                    return
        except Exception as error:  # handed to the GUI thread, shown there
            self.failed.emit(error)


class Task(QObject):
    """Runs a job with a progress dialog; emits ``done(result)`` or ``failed(error)``."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, title: str, job: Job) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "Cancel", 0, 1000, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.worker_thread = QThread(self)
        self.worker = _Worker(job)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finish)
        self.worker.failed.connect(self._fail)
        self.dialog.canceled.connect(self.cancel)
        self.result: Any = None
        self.steps: list[Step] = []
        self.error: BaseException | None = None

    def start(self) -> None:
        self.dialog.setValue(0)
        self.worker_thread.start()

    def cancel(self) -> None:
        self.worker.cancelled = True
        self.dialog.setLabelText("Stopping…")

    @property
    def cancelled(self) -> bool:
        return self.worker.cancelled

    def _progress(self, fraction: float, label: str) -> None:
        self.steps.append((fraction, label))
        self.dialog.setValue(int(max(0.0, min(fraction, 1.0)) * 1000))
        if not self.worker.cancelled:
            self.dialog.setLabelText(label)

    def _stop(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.dialog.close()

    def _finish(self, result: object) -> None:
        self._stop()
        self.result = result
        self.done.emit(result)

    def _fail(self, error: BaseException) -> None:
        self._stop()
        self.error = error
        self.failed.emit(error)

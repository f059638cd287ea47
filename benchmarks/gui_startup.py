"""Start-up to a shown main window, against a bare PySide6 window in the same run; and the
register search (filter as you type, sort) over 50,000 schools.

    .venv/bin/python benchmarks/gui_startup.py [--runs 7]

Targets (issue 3): start-up <= 1.5x the bare window; <= 50 ms a keystroke, <= 100 ms a sort.
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

OURS = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
app = QApplication(sys.argv)
window = MainWindow(Settings(Path(sys.argv[1])))
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

LOADED = OURS.replace(
    "QTimer.singleShot(0, app.quit)",
    "window.open_database(sys.argv[2])\nQTimer.singleShot(0, app.quit)",
)


def median_seconds(script: str, args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def search_figures() -> tuple[float, float, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from coventry_inspect.gui.register_model import RegisterModel

    QApplication.instance() or QApplication([])
    entries = [
        (
            str(100000 + n),
            f"School {n} {('Earlsdon', 'Foleshill', 'Stoke')[n % 3]}",
            "Primary",
            "Coventry",
            "Good",
        )
        for n in range(50_000)
    ]
    model = RegisterModel(entries)
    keystrokes = []
    for text in ("s", "st", "sto", "stok", "stoke", "stoke 1", "stoke 12"):
        start = time.perf_counter()
        model.set_filter(text)
        keystrokes.append(time.perf_counter() - start)
    start = time.perf_counter()
    model.set_filter("")
    cleared = time.perf_counter() - start
    sorts = []
    for column in (0, 1, 2):
        start = time.perf_counter()
        model.sort(column, Qt.SortOrder.DescendingOrder)
        sorts.append(time.perf_counter() - start)
    return max(keystrokes), cleared, max(sorts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "examples.sqlite"
        subprocess.run(
            [sys.executable, "-m", "coventry_inspect", "example", "--db", str(db)],
            check=True,
            capture_output=True,
        )
        settings = str(folder / "settings.ini")
        bare = median_seconds(BARE, [], args.runs)
        ours = median_seconds(OURS, [settings], args.runs)
        loaded = median_seconds(LOADED, [settings, str(db)], args.runs)
    print(
        f"start-up to a shown window: ours {ours:.3f} s, bare PySide6 window {bare:.3f} s, "
        f"ratio {ours / bare:.2f} (target <= 1.5)"
    )
    print(
        f"start-up with the example database open and shown: {loaded:.3f} s, "
        f"ratio {loaded / bare:.2f}"
    )
    keystroke, cleared, sort = search_figures()
    print(
        f"register of 50,000: slowest keystroke {keystroke * 1000:.1f} ms (target <= 50), "
        f"clearing the search {cleared * 1000:.1f} ms, slowest sort {sort * 1000:.1f} ms "
        "(target <= 100)"
    )


if __name__ == "__main__":
    main()

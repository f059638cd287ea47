"""A national programme's database: each operation against a floor measured in the same run.

The national file: 152 authorities × 10 years of focused inspections (1,520, plus the two
examples), 16 inspected and 10 surveyed schools each, about 164 responses each, and the 50,000-
school register (tests/gias_sample.py). It is built once through the application's own write
path (``open_database`` migrates it to head and gives it its identity; ``import_register`` brings
the register in; every inspection is written by ``write_snapshot`` in ``db.session()``, ten to a
transaction, so the recorder writes its history rows exactly as an import does), and cached at
the path printed (rebuilt when GENERATOR changes). Nothing is bulk-inserted behind the app.

Each measurement works on a fresh copy of the cached file. The floor of each operation is the
same operation on the example database (``coventry-inspect example``, holding the register too
for ``register import``), in the same run; both act on COV-2013-03, present in both files, so
the ratio is what the national programme's size costs.

    .venv/bin/python benchmarks/national.py [--runs 3] [--rebuild] [--skip-gui]

Target (issue 10): each operation at most 3× its floor; no main-thread stall above 100 ms while
opening or refreshing. The GUI figures after opening are taken once the daily backup is done.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coventry_inspect.services.snapshot import InspectionSnapshot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENERATOR = 1
"""Bump when the national file's content changes: a cached file of another version is rebuilt."""
AUTHORITIES, YEARS, INSPECTED, SURVEYED, REGISTER = 152, 10, 16, 10, 50_000
REFERENCE = "COV-2013-03"
COMMAND = [sys.executable, "-m", "coventry_inspect"]


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coventry-inspect" / "benchmarks"


def national_file() -> Path:
    return cache_folder() / f"national-v{GENERATOR}.sqlite"


def register_csv() -> Path:
    from tests.gias_sample import write_csv

    path = cache_folder() / f"gias-{REGISTER}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_csv(path, REGISTER)
    return path


def _inspection(
    authority: int,
    year: int,
    template: InspectionSnapshot,
    schools: list[tuple[str, str]],
    chooser: random.Random,
) -> InspectionSnapshot:
    """One focused inspection modelled on the 2013 example, with its own schools and responses."""
    import copy

    from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
    from coventry_inspect.services.snapshot import InspectedRow, ResponseRow, SurveyedRow

    snapshot = copy.deepcopy(template)
    details = snapshot.details
    details.reference = f"A{authority:03d}-{2010 + year}-{1 + authority % 12:02d}"
    details.authority = f"Authority {authority:03d}"
    details.la_number = str(800 + authority)
    shift = (2010 + year - details.start_date.year) * 365 + authority % 200
    for name in ("start_date", "end_date", "letter_date", "meeting_date"):
        value = getattr(details, name)
        if value is not None:
            setattr(details, name, value.fromordinal(value.toordinal() + shift))
    picked = chooser.sample(schools, INSPECTED + SURVEYED)
    inspected_template = snapshot.inspected
    surveyed_template = snapshot.surveyed
    snapshot.inspected = [
        InspectedRow(
            urn,
            name,
            *(lambda t: (t.phase, t.previous_grade, t.outcome_grade, t.inadequate_category))(
                inspected_template[n % len(inspected_template)]
            ),
            notes=inspected_template[n % len(inspected_template)].notes,
        )
        for n, (urn, name) in enumerate(picked[:INSPECTED])
    ]
    snapshot.surveyed = [
        SurveyedRow(
            urn,
            name,
            surveyed_template[n % len(surveyed_template)].phase,
            surveyed_template[n % len(surveyed_template)].last_grade,
            None,
            surveyed_template[n % len(surveyed_template)].notes,
        )
        for n, (urn, name) in enumerate(picked[INSPECTED:])
    ]
    respondents = list(Respondent)
    judgements = [*ResponseJudgement, None]
    snapshot.responses = [
        ResponseRow(
            urn,
            question.number,
            respondents[k],
            f"Answer {k + 1} of {urn} to question {question.number}: the school has "
            "improved its tracking of pupils' progress and governors now challenge leaders.",
            judgements[chooser.randrange(4)],
        )
        for urn, _name in picked
        for question in snapshot.questions
        for k in range(1 + (chooser.random() < 0.58))
    ]
    snapshot.rewordings = []  # written against the example's schools
    return snapshot


def build(path: Path) -> None:
    """The national file, written through the application's services into a temporary file that
    is renamed into place only when whole."""
    import json as json_module

    from sqlalchemy import select

    from coventry_inspect.exchange.gias import open_register, register_rows
    from coventry_inspect.services.examples import (
        example_paths,
        example_snapshot,
        install_examples,
    )
    from coventry_inspect.services.register import import_register
    from coventry_inspect.services.snapshot import write_snapshot
    from coventry_inspect.store.database import open_database
    from coventry_inspect.store.models import School

    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    for leftover in path.parent.glob(building.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    db = open_database(str(building), user="national benchmark")
    with open_register(register_csv()) as source:
        for _state in import_register(db, register_rows(source), source.fraction_done):
            pass
    install_examples(db)
    template = example_snapshot(json_module.loads(example_paths()[0].read_text(encoding="utf-8")))
    with db.session() as session:
        schools = [(s.urn, s.name) for s in session.scalars(select(School)) if s.urn >= "100000"]
    chooser = random.Random(2026)
    for authority in range(AUTHORITIES):
        with db.session() as session:
            for year in range(YEARS):
                write_snapshot(session, _inspection(authority, year, template, schools, chooser))
        print(
            f"\rbuilding {path.name}: {authority + 1}/{AUTHORITIES} authorities, "
            f"{time.perf_counter() - started:.0f} s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    db.close()
    import sqlite3

    with sqlite3.connect(building) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    os.replace(building, path)


def counts(path: Path) -> dict[str, int]:
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    tables = ("inspection", "inspected_school", "surveyed_school", "response", "history", "school")
    found = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    connection.close()
    return {**found, "MiB": path.stat().st_size // 2**20, "revision": revision}


def median_seconds(arguments: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*COMMAND, *arguments], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_figures(db: Path, folder: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Seconds for each command on ``db`` (a working copy, changed only by imports)."""
    d = str(db)
    workbook, pdf = folder / f"{db.stem}.xlsx", folder / f"{db.stem}.pdf"
    figures = {
        "list": median_seconds(["list", "--db", d], env, runs),
        "export workbook": median_seconds(
            ["export", "--db", d, "--inspection", REFERENCE, "--out", str(workbook)], env, runs
        ),
        "letter --pdf": median_seconds(
            ["letter", "--db", d, "--inspection", REFERENCE, "--pdf", str(pdf)], env, runs
        ),
        "history": median_seconds(["history", "--db", d, "--inspection", REFERENCE], env, runs),
    }
    edited = folder / f"{db.stem}-edited.xlsx"
    _edit_workbook(workbook, edited)
    times = []
    for n in range(runs):  # alternately the edited and the exported workbook: a real replace
        start = time.perf_counter()
        subprocess.run(
            [*COMMAND, "import", str(edited if n % 2 == 0 else workbook), "--db", d],
            check=True,
            capture_output=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
    figures["import (replacing)"] = statistics.median(times)
    figures["register import"] = median_seconds(
        ["register", "import", str(register_csv()), "--db", d], env, max(1, runs // 2)
    )
    return figures


def _edit_workbook(workbook: Path, edited: Path) -> None:
    """The exported workbook with one school's notes changed, as an inspector would."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book["Schools inspected"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 20:
                cell.value = cell.value + " Seen again."
                book.save(edited)
                return
    raise AssertionError(f"nothing to edit in {workbook}")


GUI = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.services import inspections

app = QApplication(sys.argv)
window = MainWindow(Settings(Path(sys.argv[1])))
window.show()
window.resize(1400, 900)
app.processEvents()
figures = {}

class Stalls(QObject):
    # The longest gap between 5 ms ticks of a timer on the GUI thread.
    def __init__(self):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.last = None
        self.longest = 0.0
    def start(self):
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()
    def tick(self):
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
    def stop(self):
        self.tick()
        self.timer.stop()
        return self.longest

class FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.at = None
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.at is None:
            table = window.workspace.inspection_table if window.workspace else None
            if table is not None and watched is table.viewport() and table.model().rowCount():
                self.at = time.perf_counter()
        return False

def settle(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)

painted = FirstPaint()
app.installEventFilter(painted)
stalls = Stalls()
stalls.start()
start = time.perf_counter()
assert window.open_database(sys.argv[2])
opened = time.perf_counter()
while painted.at is None and time.perf_counter() - start < 60:
    app.processEvents()
figures["open: first paint of the list"] = painted.at - start
figures["open: open_database call"] = opened - start
# The daily backup: on the GUI thread before the paint (older versions), or in a worker after
# it; measured until the 30-minute schedule starts, which follows it either way.
while window.backup_schedule.db is None and time.perf_counter() - start < 120:
    app.processEvents()
    time.sleep(0.001)
figures["open: daily backup taken"] = time.perf_counter() - start
settle(0.5)
figures["open: longest GUI stall"] = stalls.stop()
workspace = window.workspace

def timed(name, action):
    stalls.start()
    begun = time.perf_counter()
    action()
    app.processEvents()
    figures[name] = time.perf_counter() - begun
    settle(0.3)
    figures[name + ": longest GUI stall"] = stalls.stop()

chosen = inspections.find_by_reference(window.db, "COV-2013-03")
if workspace.inspection_id == chosen.id:
    other = next(i for i in inspections.list_inspections(window.db) if i.id != chosen.id)
    workspace.select_inspection(other.id)
    app.processEvents()
timed("open one inspection", lambda: workspace.select_inspection(chosen.id))
workspace.show_part("Schools inspected")
app.processEvents()
page = workspace.page("schools")
row = next(i for i, r in enumerate(page.model.rows) if r.outcome_grade is SchoolGrade.GOOD)
timed(
    "edit a grade (to the refreshed view)",
    lambda: page.model.setData(page.model.index(row, 4), SchoolGrade.OUTSTANDING),
)
timed("undo the edit", window.undo_action.trigger)
window.close()
app.processEvents()
print(json.dumps(figures))
"""


def gui_figures(db: Path, folder: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """The window's figures on a fresh copy of ``db`` each run (no backup of it today yet)."""
    results: list[dict[str, float]] = []
    for n in range(runs):
        copy = folder / f"gui-{n}-{db.name}"
        shutil.copyfile(db, copy)
        data = folder / f"gui-data-{n}"
        run_env = {**env, "XDG_DATA_HOME": str(data), "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run(
            [sys.executable, "-c", GUI, str(folder / f"settings-{n}.ini"), str(copy)],
            check=True,
            capture_output=True,
            text=True,
            env=run_env,
            cwd=ROOT,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        copy.unlink()
        shutil.rmtree(data, ignore_errors=True)
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-gui", action="store_true")
    args = parser.parse_args()
    national = national_file()
    if args.rebuild or not national.exists():
        build(national)
    print(f"national file: {national}")
    print(f"  {json.dumps(counts(national))}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "XDG_DATA_HOME": str(folder / "data")}
        small = folder / "example.sqlite"
        subprocess.run([*COMMAND, "example", "--db", str(small)], check=True, env=env)
        subprocess.run(
            [*COMMAND, "register", "import", str(register_csv()), "--db", str(small)],
            check=True,
            capture_output=True,
            env=env,
        )
        working = folder / "national.sqlite"
        shutil.copyfile(national, working)
        from coventry_inspect.store.database import open_database

        open_database(str(working)).close()  # a newer schema's migrations run here, untimed
        rows: dict[str, tuple[float, float]] = {}
        if not args.skip_gui:
            small_gui = gui_figures(small, folder, env, args.runs)
            national_gui = gui_figures(working, folder, env, args.runs)
            rows.update({k: (national_gui[k], small_gui[k]) for k in national_gui})
        floors = command_figures(small, folder, env, args.runs)
        ours = command_figures(working, folder, env, args.runs)
        rows.update({f"`{k}`": (ours[k], floors[k]) for k in ours})
    print(f"{'operation':44} {'national s':>10} {'floor s':>8} {'ratio':>6}")
    for key, (value, floor) in rows.items():
        flag = "  <-- above 3x" if value > 3 * floor and "stall" not in key else ""
        if "stall" in key and value > 0.1:
            flag = "  <-- above 100 ms"
        print(f"{key:44} {value:10.3f} {floor:8.3f} {value / floor:6.2f}{flag}")
    print(json.dumps({k: [round(v, 3), round(f, 3)] for k, (v, f) in rows.items()}))


if __name__ == "__main__":
    main()

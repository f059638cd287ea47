"""Importing the national school register: our import against a floor measured in the same run.

The floor reads the same file with the fastest reader available (the csv module; python-calamine
for xlsx) and writes the same columns with raw ``sqlite3.executemany``. Each measurement runs in
a fresh process so its peak memory is its own.

    .venv/bin/python benchmarks/gias_import.py [--rows 50000] [--skip-xlsx]

Targets (issue 4): at most 2x the floor, peak memory at most 300 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = """
import csv, io, resource, sqlite3, sys, time
from pathlib import Path
path, db = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
wanted = ["URN", "EstablishmentName", "PhaseOfEducation (name)", "TypeOfEstablishment (name)",
          "LA (code)", "LA (name)", "EstablishmentStatus (name)", "OfstedRating (name)",
          "OfstedLastInsp"]
if path.suffix == ".csv":
    handle = open(path, encoding="cp1252", newline="")
    rows = csv.reader(handle)
else:
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
header = [str(h) for h in next(rows)]
index = [header.index(name) for name in wanted]
connection = sqlite3.connect(db)
connection.execute("CREATE TABLE school (urn TEXT UNIQUE, name, phase, type, la_code, la_name,"
                   " status, rating, inspected)")
connection.executemany("INSERT INTO school VALUES (?,?,?,?,?,?,?,?,?)",
                       ([str(r[i]) for i in index] for r in rows))
connection.commit()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

OURS = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
from coventry_inspect.exchange.gias import open_register, register_rows
from coventry_inspect.services.register import import_register
from coventry_inspect.store.database import open_database
db = open_database(sys.argv[2])
with open_register(Path(sys.argv[1])) as source:
    for state in import_register(db, register_rows(source), source.fraction_done):
        pass
db.close()
assert state.added > 0, state.summary()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(script: str, path: Path, folder: Path, name: str) -> tuple[float, float]:
    """Seconds and peak MB of importing ``path`` into an existing, empty database."""
    db = folder / f"{name}.sqlite"
    db.unlink(missing_ok=True)
    if script is OURS:  # the application's database exists already; created outside the timing
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"from coventry_inspect.store.database import open_database; "
                f"open_database({str(db)!r}).close()",
            ],
            check=True,
            cwd=ROOT,
        )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), str(db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds, megabytes = map(float, result.stdout.split())
    return seconds, megabytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--skip-xlsx", action="store_true", help="the xlsx file takes minutes to write"
    )
    args = parser.parse_args()
    from tests.gias_sample import write_csv, write_xlsx

    results = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = [write_csv(folder / "gias.csv", args.rows)]
        if not args.skip_xlsx:
            files.append(write_xlsx(folder / "gias.xlsx", args.rows))
        for path in files:
            floor_s, floor_mb = measure(FLOOR, path, folder, "floor")
            ours_s, ours_mb = measure(OURS, path, folder, "ours")
            results[path.suffix] = {
                "rows": args.rows,
                "floor_s": round(floor_s, 2),
                "ours_s": round(ours_s, 2),
                "ratio": round(ours_s / floor_s, 2),
                "floor_peak_mb": round(floor_mb),
                "ours_peak_mb": round(ours_mb),
            }
            print(
                f"{path.suffix}: {args.rows:,} rows x 130 columns: ours {ours_s:.2f} s, floor "
                f"{floor_s:.2f} s, ratio {ours_s / floor_s:.2f} (target <= 2.0); peak memory ours "
                f"{ours_mb:.0f} MB, floor {floor_mb:.0f} MB (target <= 300 MB)"
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()

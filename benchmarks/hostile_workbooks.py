"""Hostile workbooks are read or refused in about the time of a normal one (issue 8): the time
and peak memory of reading each in a fresh process, against the example's own export read the
same way in the same run (the floor).

    .venv/bin/python benchmarks/hostile_workbooks.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from coventry_inspect.exchange.writer import export_workbook
    from coventry_inspect.services.examples import install_examples
    from coventry_inspect.services.inspections import choose_inspection
    from coventry_inspect.services.snapshot import read_snapshot
    from coventry_inspect.store.database import open_database
    from tests.exchange.test_hostile import (
        FAR_CELL,
        claims_everything,
        formatted_rows,
        measured,
        rewrite_sheet,
    )

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        db = open_database(str(base / "examples.sqlite"))
        install_examples(db)
        snapshot = read_snapshot(db, choose_inspection(db, "COV-2013-03").id)
        db.close()
        good = base / "normal.xlsx"
        export_workbook(snapshot, good)
        cases = {
            "normal export (floor)": good,
            "17 KB claiming A1:XFD1048576, one far value": base / "far.xlsx",
            "one million formatted empty rows": base / "formatted.xlsx",
        }
        rewrite_sheet(
            good, cases["17 KB claiming A1:XFD1048576, one far value"], claims_everything(FAR_CELL)
        )
        rewrite_sheet(good, cases["one million formatted empty rows"], formatted_rows(1_000_000))
        floor = measured(good)[1]
        print(f"{'workbook':48} {'outcome':8} {'seconds':>8} {'× floor':>8} {'peak MB':>8}")
        for name, path in cases.items():
            outcome, seconds, peak = measured(path)
            print(
                f"{name:48} {outcome.split()[0]:8} {seconds:8.2f} {seconds / floor:8.1f} {peak:8d}"
            )


if __name__ == "__main__":
    main()

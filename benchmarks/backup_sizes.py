"""The backups folder after 100 replacing imports of the example workbook on the command line.

Each import keeps the inspection it replaces (as its workbook, or a whole copy if that would not
reproduce it) and prunes the set; the set must stay under its cap (min(2 GiB, 20 × the newest
whole copy, else the newest kept workbook)). Before the cap, 103 imports of a larger file made
1.2 GB; before imports kept workbooks, each kept a copy of the whole file.

    .venv/bin/python benchmarks/backup_sizes.py [--imports 100] [--register 0]

``--register N`` first imports a register of N schools, to make the database larger.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

COMMAND = [sys.executable, "-m", "coventry_inspect"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--imports", type=int, default=100)
    parser.add_argument("--register", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = {**os.environ, "XDG_DATA_HOME": str(root / "data")}
        db, workbook = root / "inspection.sqlite", root / "cov.xlsx"

        def run(*arguments: str) -> None:
            subprocess.run([*COMMAND, *arguments], check=True, capture_output=True, env=env)

        run("example", "--db", str(db))
        if args.register:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.gias_sample import write_csv

            run(
                "register",
                "import",
                str(write_csv(root / "gias.csv", args.register)),
                "--db",
                str(db),
            )
        run("export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(workbook))
        from openpyxl import load_workbook

        edited = load_workbook(workbook)
        edited["Inspection"]["B16"] = "A shorter summary."  # an unchanged import writes nothing
        edited.save(root / "edited.xlsx")
        for n in range(args.imports):
            run("import", str(workbook if n % 2 else root / "edited.xlsx"), "--db", str(db))
        folder_bytes = sum(p.stat().st_size for p in (root / "data").rglob("*") if p.is_file())
        backups = sorted((root / "data").rglob("*-before-import.*"))
        newest = max(backups, key=lambda p: p.name).stat().st_size
        database = db.stat().st_size
        cap = min(2 * 1024**3, 20 * newest)
        print(f"database after {args.imports} imports: {database / 1e6:.2f} MB")
        print(f"backups kept: {len(backups)}; folder: {folder_bytes / 1e6:.2f} MB")
        print(f"cap: {cap / 1e6:.2f} MB; folder / cap = {folder_bytes / cap:.2f} (must be <= 1)")
        print(f"without pruning it would be about {args.imports * newest / 1e6:.0f} MB")


if __name__ == "__main__":
    main()

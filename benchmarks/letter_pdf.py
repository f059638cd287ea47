"""The example letter (and LEA record) to PDF, against start-up alone in the same run.

Start-up alone is ``coventry-inspect list`` on the same database: the process, the imports and
opening the file. The difference is the work of composing and printing. Median of several runs.

    .venv/bin/python benchmarks/letter_pdf.py [--runs 7]

Target (issue 5): under 0.3 s of extra work.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = [sys.executable, "-m", "coventry_inspect"]


def median_seconds(arguments: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*COMMAND, *arguments], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = str(folder / "examples.sqlite")
        subprocess.run([*COMMAND, "example", "--db", db], check=True, capture_output=True)
        floor = median_seconds(["list", "--db", db], args.runs)
        for reference in ("COV-2013-03", "COV-2004-05"):
            pdf = str(folder / f"{reference}.pdf")
            seconds = median_seconds(
                ["letter", "--db", db, "--inspection", reference, "--pdf", pdf], args.runs
            )
            print(
                f"{reference} to PDF: {seconds:.3f} s; start-up alone {floor:.3f} s; extra work "
                f"{seconds - floor:.3f} s (target < 0.3 s); ratio {seconds / floor:.2f}"
            )


if __name__ == "__main__":
    main()

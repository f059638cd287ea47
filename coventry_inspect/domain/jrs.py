"""The 2004 Record of Judgement Recording Statements: the catalogue of LEA judgements.

Shipped as data (``resources/jrs-2004.csv``), never typed by users.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from coventry_inspect.paths import resources_dir

FRAMEWORK_2004 = "jrs-2004"

# The notes beneath Appendix A, as the 2004 report prints them.
NF_NOTE = (
    "'NF' under fieldwork means that no fieldwork was conducted on this function during this "
    "inspection."
)
SCALE_NOTE = (
    "JRS numerical judgements are allocated on a 7-point scale: Grade 1: Very good; Grade 2: Good; "
    "Grade 3: Highly satisfactory; Grade 4: Satisfactory; Grade 5: Unsatisfactory; Grade 6: Poor; "
    "Grade 7: Very poor"
)
COMPARISON_NOTE = (
    "In the case of 1: socio-economic context of the LEA and 2.3: performance of schools, grades "
    "relate to comparative national averages: Grades 1-2: Well above; Grade 3: Above; Grade 4: "
    "In line; Grade 5: Below; Grades 6-7: Well below"
)


@dataclass(frozen=True)
class JrsEntry:
    number: str
    section: str
    judgement: str
    comparison: bool
    """True where grades compare with national averages (socio-economic context, performance)."""


@cache
def catalogue() -> tuple[JrsEntry, ...]:
    """Every judgement of the 2004 framework, in Appendix A's order."""
    path = resources_dir() / "jrs-2004.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            JrsEntry(
                number=row["No"],
                section=row["Section"],
                judgement=row["Required inspection judgement"],
                comparison=row["Comparison"] == "yes",
            )
            for row in csv.DictReader(handle)
        )


@cache
def by_number() -> dict[str, JrsEntry]:
    return {entry.number: entry for entry in catalogue()}


def order_key(number: str) -> int:
    """Position of a judgement number in Appendix A (unknown numbers sort last)."""
    numbers = [entry.number for entry in catalogue()]
    return numbers.index(number) if number in numbers else len(numbers)

"""GIAS-shaped registers for tests and benchmarks: the real headers we read, and filler columns
up to GIAS's width of about 130, in Windows-1252 as GIAS publishes them."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

USED = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "OfstedLastInsp",
    "OfstedRating (name)",
]
OTHER = [
    "TypeOfEstablishment (code)",
    "EstablishmentTypeGroup (name)",
    "OpenDate",
    "CloseDate",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (name)",
    "Gender (name)",
    "ReligiousCharacter (name)",
    "Diocese (name)",
    "SchoolCapacity",
    "NumberOfPupils",
    "Street",
    "Locality",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "UKPRN",
    "Easting",
    "Northing",
]
HEADERS = USED + OTHER + [f"Extra{n} (name)" for n in range(130 - len(USED) - len(OTHER))]
TYPES = [
    ("Community school", "Primary"),
    ("Academy converter", "Secondary"),
    ("Voluntary aided school", "Primary"),
    ("Community special school", "Not applicable"),
    ("Pupil referral unit", "Not applicable"),
    ("Local authority nursery school", "Nursery"),
    ("Academy sponsor led", "Middle deemed primary"),
    ("Free schools", "All-through"),
]
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Serious Weaknesses", ""]
NAMES = ["St Mary\u2019s", "Café Lane", "Whoberley Hall", "Earlsdon", "Foleshill", "Stoke Park"]


def establishments(count: int, seed: int = 2013) -> Iterator[list[str]]:
    chooser = random.Random(seed)
    for n in range(count):
        kind, phase = chooser.choice(TYPES)
        day, month, year = (
            chooser.randint(1, 28),
            chooser.randint(1, 12),
            chooser.randint(2005, 2024),
        )
        used = [
            str(100000 + n),
            "331",
            "Coventry",
            str(2000 + n % 8000),
            f"{chooser.choice(NAMES)} {kind.split()[0]} School {n}",
            kind,
            "Open",
            phase,
            f"{day:02d}-{month:02d}-{year}",
            chooser.choice(RATINGS),
        ]
        yield used + [f"v{n}-{i}" for i in range(len(HEADERS) - len(used))]


def write_csv(path: Path, count: int, extra_rows: list[list[str]] | None = None) -> Path:
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(establishments(count))
        for row in extra_rows or []:
            writer.writerow(row + [""] * (len(HEADERS) - len(row)))
    return path


def write_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Establishments")
    sheet.append(HEADERS)
    for row in establishments(count):
        sheet.append([int(row[0]), *row[1:]])  # URNs as numbers, as Excel would keep them
    workbook.save(path)
    return path

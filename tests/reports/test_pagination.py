"""Headings never end a page: each keeps with the line after it, in letters of many lengths."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.letter import Block, BlockKind, LetterFacts, compose_letter
from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InspectionKind,
    Phase,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.reports import pdf as pdf_module
from coventry_inspect.reports.letter import write_letter_pdf
from tests.pdf_text import pdf_text

SENTENCE = "The local authority's support for this school has been patchy over several years. "


def varied_letter(extra: int) -> list[Block]:
    """A focused-inspection letter whose outline grows by ``extra`` sentences, which moves every
    heading after it down the page a line or so at a time."""
    details = Details(
        "VAR-01",
        InspectionKind.FOCUSED,
        "Coventry",
        start_date=date(2013, 3, 11),
        end_date=date(2013, 3, 15),
        letter_date=date(2013, 4, 10),
        addressee_name="Mr Colin Green",
        addressee_address="Civic Centre\nCoventry",
        sender_name="Louise Soden",
        summary="In summary, the picture is mixed. " * 6,
    )
    facts = LetterFacts(
        details,
        inspected=[
            InspectedOutcome(Phase.PRIMARY, PreviousGrade.SATISFACTORY, SchoolGrade.GOOD, None)
        ]
        * 3,
        surveyed=[SurveyedSchoolSummary(Phase.PRIMARY, PreviousGrade.GOOD)] * 2,
        questions=[(SENTENCE * (1 + extra % 3) + "?", AskedOf.ALL_SCHOOLS)] * (1 + extra // 3),
        strengths=[SENTENCE * 4] * 3,
        areas_for_improvement=[SENTENCE * 3] * 4,
    )
    return [
        Block(BlockKind.PARAGRAPH, "Written by the inspector. " * 8, b.key)
        if b.kind is BlockKind.PROMPT
        else b
        for b in compose_letter(facts)
    ]


HEADINGS = {
    "Outline of inspection activities",
    "Inspection and survey outcomes",
    "Strengths",
    "Areas for improvement",
    "Coventry LA – focused inspections – 11 to 15 March 2013",
}


def page_texts(path: Path) -> list[str]:
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [pdf_text(path, first=n, last=n) for n in range(1, pages + 1)]


def last_line(page: str) -> str:
    """The page's last line of text above the footer ("REF – page n of m")."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return next(line for line in reversed(lines) if " – page " not in line)


def headings_ending_pages(tmp_path: Path, variants: range) -> list[tuple[int, int, str]]:
    found = []
    for extra in variants:
        path = tmp_path / f"letter-{extra}.pdf"
        write_letter_pdf(
            path, varied_letter(extra), Details("VAR-01", InspectionKind.FOCUSED, "Coventry")
        )
        for number, page in enumerate(page_texts(path)[:-1], start=1):
            if last_line(page) in HEADINGS:
                found.append((extra, number, last_line(page)))
    return found


VARIANTS = range(0, 24)


def test_no_page_ends_with_a_heading(tmp_path: Path) -> None:
    assert headings_ending_pages(tmp_path, VARIANTS) == []


def test_without_keeping_headings_some_of_these_letters_would_end_a_page_with_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letters above do put headings at the foot of a page: the first test can fail."""
    monkeypatch.setattr(pdf_module, "keep_headings_with_next", lambda _document: 0)
    assert headings_ending_pages(tmp_path, VARIANTS) != []

"""Headings, and lines leading into a list, never end a page: each keeps with the line after
it, in letters of many lengths; and every letter ends on its last page."""

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
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import open_database
from tests.pdf_text import pdf_text
from tests.reports.test_letter_output import example_db
from tests.test_cli import run

__all__ = ["example_db"]  # the module's fixture, shared

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
        pages = page_texts(path)
        assert "Louise Soden" in pages[-1], f"letter {extra} lost its end"  # nothing drawn off
        for number, page in enumerate(pages[:-1], start=1):
            if last_line(page) in HEADINGS or last_line(page).endswith(":"):  # or a lead-in
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


def test_the_lea_record_keeps_its_headings_with_their_lists_and_repeats_the_grid_header(
    example_db: Path, tmp_path: Path
) -> None:
    """The 2004 record's findings run over several pages: no page ends with "Areas of strength
    and weakness", a section's name or "Areas of strength"; the judgement grid, which runs onto
    a second page, repeats its column headings there."""
    path = tmp_path / "record.pdf"
    result = run(
        "letter", "--db", str(example_db), "--inspection", "COV-2004-05", "--pdf", str(path)
    )
    assert result.returncode == 0, result.stderr
    pages = page_texts(path)
    db = open_database(str(example_db), create=False)
    try:
        snapshot = read_snapshot(db, choose_inspection(db, "COV-2004-05").id)
    finally:
        db.close()
    headings = {"Areas of strength and weakness", "Areas of strength"}
    headings |= {"Areas of weakness/for development", *(f.section for f in snapshot.findings)}
    assert len(headings) > 6
    assert [last_line(page) for page in pages[:-1] if last_line(page) in headings] == []
    grid_pages = [page for page in pages if "Section 5: Support for social inclusion" in page]
    assert grid_pages
    assert "Required Inspection Judgement" in grid_pages[0]
    assert pages.index(grid_pages[0]) > 0  # the grid did run onto another page

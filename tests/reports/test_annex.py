"""The evidence annex PDF, read back as a person reads it: its title and audience, the analysis
tables counted by hand, the chart drawn, and each finding with its support, flag and quotes."""

from __future__ import annotations

import re
import subprocess
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.reports.annex import gather, write_annex_pdf
from coventry_inspect.reports.judgement_bars import COLOURS, _step
from coventry_inspect.services import support, themes
from coventry_inspect.services.analysis import Judgement
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.findings import add_finding
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database
from tests.pdf_text import pdf_text
from tests.services.test_analysis import build


def linked(db: Database) -> uuid.UUID:
    """FOC-1 (tests/services/test_analysis.build) with two strengths and an area for
    improvement: the first strength backed by three responses from two schools, the second by
    none, the area mainly by positive responses (so flagged)."""
    inspection_id = build(db)
    by_text = {r.text: r.row_id for r in read_snapshot(db, inspection_id).responses}
    known = add_finding(db, inspection_id, FindingKind.STRENGTH, "The authority knows its schools.")
    add_finding(db, inspection_id, FindingKind.STRENGTH, "Clusters of schools support each other.")
    area = add_finding(
        db, inspection_id, FindingKind.AREA_FOR_IMPROVEMENT, "Governors get too little training."
    )
    support.link(
        db, known.id, [by_text[t] for t in ("We are known well.", "Very well.", "Partly.")]
    )
    support.link(db, area.id, [by_text[t] for t in ("Too little.", "Good challenge.", "Yes.")])
    themes.set_themes(db, by_text["We are known well."], ["Clusters", "data"])
    themes.set_themes(db, by_text["Very well."], ["clusters"])  # stored as Clusters
    themes.set_themes(db, by_text["Too little."], ["governor training"])
    return inspection_id


def words(path: Path, first: int | None = None, last: int | None = None) -> str:
    return " ".join(pdf_text(path, first, last).split())


def test_the_annex_reads_as_the_team_needs_it(
    qapp: object, sqlite_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "annex.pdf"
    pages = write_annex_pdf(path, gather(sqlite_db, linked(sqlite_db)))
    text = words(path)
    assert pages == 2
    # Who said it stays on the page of what they said: no page ends on a "who" line.
    for page in range(1, pages + 1):
        lines = [line for line in pdf_text(path, page, page).splitlines() if line.strip()]
        assert not lines[-2].rstrip().endswith(tuple(j.value for j in Judgement)), page
    assert text.startswith(
        "Evidence annex — FOC-1 For the inspection team: not for the council. Focused "
        "inspection of Testshire local authority. 14 responses to 3 key questions."
    )
    # The hand counts of tests/services/test_analysis.build, as in the Analysis sheet.
    assert "How well does the authority know you? 5 1 1 0 7" in text
    assert "What support and challenge? 2 0 1 1 4" in text
    assert "All questions 7 2 2 3 14" in text
    assert "3 Surveyed 0 1 0 2 3" in text
    assert "Inspected, outcome Requires improvement 2 0 1 0 3" in text
    assert "2 Governor 0 0 1 0 1" in text
    assert "Still without a response: 5 answers from 3 schools." in text
    # Tagged responses per theme: Ash's and Damson's headteachers on question 1 (positive).
    assert "By theme Theme Questions Positive Mixed Negative Not judged Total" in text
    assert "Clusters 1 2 0 0 0 2 data 1 1 0 0 0 1 governor training 2 0 0 1 0 1" in text
    # The chart: a bar per question, its counts in the segments and the legend.
    assert "Q1 5 1 1 7 Q2 2 1 1 4 Q3 1 2 3" in text
    assert "Responses Positive Mixed Negative Not judged" in text
    findings = re.sub(r" FOC-1 evidence annex – page \d of 2", "", text)  # the footers
    findings = findings[findings.index("Strengths Strength 1") :]
    assert findings == (
        "Strengths Strength 1 The authority knows its schools. Supported by 3 responses from 2 "
        "schools (2 positive, 1 mixed). "
        "Ash Primary (100001), headteacher, question 1: Positive “We are known well.” "
        "Ash Primary (100001), chair of governors, question 1: Mixed “Partly.” "
        "Damson Primary (100004), headteacher, question 1: Positive “Very well.” "
        "Strength 2 Clusters of schools support each other. No supporting responses. "
        "Check this finding: no supporting response. "
        "Areas for improvement Area for improvement 1 Governors get too little training. "
        "Supported by 3 responses from 2 schools (2 positive, 1 negative). "
        "Check this finding: an area for improvement backed mainly by positive responses. "
        "Ash Primary (100001), governor, question 2: Negative “Too little.” "
        "Birch Infant (100002), other, question 1: Positive “Yes.” "
        "Birch Infant (100002), headteacher, question 2: Positive “Good challenge.”"
    )


def page_image(path: Path, tmp_path: Path, page: int = 1) -> QImage:
    stem = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), str(path), str(stem)],
        check=True,
    )
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull()
    return image


def colours_on(image: QImage) -> set[str]:
    return {
        QColor(image.pixel(x, y)).name()
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    }


def test_the_chart_is_drawn_in_the_judgements_colours(
    qapp: object, sqlite_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "annex.pdf"
    write_annex_pdf(path, gather(sqlite_db, linked(sqlite_db)))
    found = colours_on(page_image(path, tmp_path))
    # Positive and negative are solid; mixed and not judged hatched over their colour.
    for judgement in (Judgement.POSITIVE, Judgement.NEGATIVE):
        assert COLOURS[judgement].name() in found


def test_no_chart_without_responses_and_an_lea_inspection_is_refused(
    qapp: object, sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    focused = choose_inspection(sqlite_db, "COV-2013-03").id
    path = tmp_path / "example.pdf"
    write_annex_pdf(path, gather(sqlite_db, focused))
    text = words(path)
    assert "0 responses to 4 key questions" in text
    assert "Q1" not in text  # no bars of nothing
    assert COLOURS[Judgement.POSITIVE].name() not in colours_on(page_image(path, tmp_path))
    assert "Strength 1" in text
    assert "Check this finding: no supporting response." in text
    lea = choose_inspection(sqlite_db, "COV-2004-05").id
    with pytest.raises(ServiceError, match="COV-2004-05 is an LEA inspection"):
        gather(sqlite_db, lea)


@pytest.mark.parametrize(
    ("most", "step"), [(1, 1), (8, 1), (9, 2), (16, 2), (17, 5), (40, 5), (41, 10), (500, 100)]
)
def test_ticks_are_one_two_or_five_times_a_power_of_ten(most: int, step: int) -> None:
    assert _step(most) == step


def test_a_findings_heading_is_never_left_at_a_page_foot_without_its_evidence(
    qapp: object, sqlite_db: Database, tmp_path: Path
) -> None:
    """Strength 2 pushed down the page a line at a time by a longer and longer first strength:
    on whichever page its heading falls, its statement, "No supporting responses." and its flag
    are there too."""
    annex = gather(sqlite_db, linked(sqlite_db))
    first, *others = annex.findings
    path = tmp_path / "annex.pdf"
    line = "The authority knows its schools well and visits them often enough to see. "
    pages_seen = set()
    for more in range(20, 60):
        longer = replace(first, statement=line * more)
        pages = write_annex_pdf(path, replace(annex, findings=(longer, *others)))
        for page in range(1, pages + 1):
            text = " ".join(pdf_text(path, page, page).split())
            if "Strength 2" in text:
                pages_seen.add(page)
                assert (
                    "Strength 2 Clusters of schools support each other. No supporting responses. "
                    "Check this finding: no supporting response." in text
                ), (more, page)
    assert pages_seen == {2, 3}  # it did go down over a page foot


def test_the_annex_counts_themes_as_the_analysis_page_does(sqlite_db: Database) -> None:
    """A theme on a response of a school taken off the inspection counts for nothing (as on the
    Analysis page and in `analysis`); a school both inspected and surveyed counts once."""
    from tests.services.test_analysis_themes import tagged

    inspection_id, _ = tagged(sqlite_db)
    counted = {t.theme: (t.questions, t.counts) for t in gather(sqlite_db, inspection_id).themes}
    assert counted == {
        "Clusters": ((1, 2, 3), (2, 0, 1, 1)),
        "governor training": ((1, 2, 3), (2, 1, 1, 1)),
    }

"""The letter and the LEA record on the command line: golden text, and PDFs read back."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from coventry_inspect.domain.vocabulary import LeaGrade
from coventry_inspect.reports.charts import AVERAGE, SELF_EVALUATION
from coventry_inspect.reports.record import write_record_pdf
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database
from tests.pdf_text import pdf_text
from tests.test_cli import assert_refused, run

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "examples.sqlite"
    assert run("example", "--db", str(path)).returncode == 0
    return path


@pytest.mark.parametrize("reference", ["COV-2013-03", "COV-2004-05"])
def test_letter_text_matches_the_golden_copy(example_db: Path, reference: str) -> None:
    result = run("letter", "--db", str(example_db), "--inspection", reference, "--text")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / f"{reference}.txt").read_text(encoding="utf-8")


def test_golden_letter_states_the_reference_letters_counts() -> None:
    """The golden copy itself is checked against the reference letter's sentences."""
    text = (GOLDEN / "COV-2013-03.txt").read_text(encoding="utf-8")
    for sentence in (
        "Eleven schools were inspected during the focused inspection week, including: one nursery "
        "school; nine primary schools; and one secondary school.",
        "Seven of these were judged to be satisfactory at their last inspection, two were found to be good",
        "One school had not been inspected before.",
        "A further eleven schools were surveyed by telephone during the focused inspection week. "
        "These included seven primary schools, three secondary schools and one special school.",
        "five were outstanding and six were judged to be good at their last inspection",
        "asked the same three questions and a fourth, which reflected their status as good or outstanding schools:",
        "• two were graded as outstanding for overall effectiveness. One had not been inspected before",
        "• two schools maintained a good grade for overall effectiveness",
        "• five schools were judged to require improvement. All were judged to be satisfactory at "
        "their previous inspection, so none had improved significantly",
        "• two schools were placed in special measures. Both schools have declined from a "
        "satisfactory judgement at their previous inspection.",
        "It is positive that the early years centre continues to offer outstanding provision",
        "However, it is of considerable concern that, of the seven schools previously judged to "
        "be satisfactory, two have declined",
        "Please pass on my thanks to the headteachers, governors, local authority officers and "
        "your Lead Member for Education who gave their time to talk with our inspectors during "
        "the focused inspection week. I look forward to meeting with you to discuss the outcomes "
        "of the inspections.",
    ):
        assert sentence in text, sentence


def test_letter_pdf_reads_back(example_db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    result = run(
        "letter", "--db", str(example_db), "--inspection", "COV-2013-03", "--pdf", str(pdf)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {pdf}: COV-2013-03, ")
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "Louise Soden",
        "10 April 2013",
        "Mr Colin Green",
        "Dear Colin",
        "Coventry LA – focused inspections – 11 to 15 March 2013",
        "Outline of inspection activities",
        "Inspection and survey outcomes",
        "Strengths",
        "Areas for improvement",
        "Eleven schools were inspected",
        "Yours sincerely",
        "Cc Rt Hon Michael Gove MP",
        "COV-2013-03 – page 1 of",
    ):
        assert expected in text, expected
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Page size:      595.2 x 841.9 pts (A4)" in pages or "(A4)" in pages


def test_lea_record_pdf_reads_back(example_db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "record.pdf"
    result = run(
        "letter", "--db", str(example_db), "--inspection", "COV-2004-05", "--pdf", str(pdf)
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "Record of Judgement Recording Statements",
        "Name of LEA: Coventry",
        "LEA number: 331",
        "JRS numerical judgements are allocated on a 7-point scale",
        "Section 5: Support for social inclusion",
        "the diamond represents the average grade of all LEAs",  # the caption under each chart
        "self-evaluation grade",
        "Key recommendations",
        "Other recommendations",
        "Areas of strength",
    ):
        assert expected in text, expected
    # The table's row for 1.8 (its text wraps onto a second line): grade 1, no fieldwork.
    assert re.search(
        r"1\.8 The effectiveness of partnerships and collaboration between .{0,60}?1 NF",
        text,
    )
    assert re.search(r"1\.9 Support for Early Years education 5 1\.10", text)


def test_pdf_replaces_the_old_file_whole_or_not_at_all(example_db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF old")
    run("letter", "--db", str(example_db), "--inspection", "COV-2013-03", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-1.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
    assert_refused(
        run("letter", "--db", str(example_db), "--pdf", str(tmp_path / "x.pdf")),
        "several inspections; name one with --inspection",
    )
    assert_refused(
        run(
            "letter",
            "--db",
            str(example_db),
            "--inspection",
            "COV-2013-03",
            "--pdf",
            str(tmp_path / "missing" / "x.pdf"),
        ),
        "does not exist",
    )
    assert run("letter", "--db", str(example_db), "--inspection", "COV-2013-03").returncode == 2


def colour_pixels(png: Path, colour: object) -> int:
    image = QImage(str(png))
    wanted = colour.rgb()  # type: ignore[attr-defined]
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == wanted
    )


def test_charts_draw_self_evaluation_and_average_markers(
    qapp: object, sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    snapshot = read_snapshot(sqlite_db, choose_inspection(sqlite_db, "COV-2004-05").id)
    plain = tmp_path / "plain.pdf"
    write_record_pdf(plain, snapshot)
    for judgement in snapshot.judgements:
        judgement.self_evaluation_grade = LeaGrade.GOOD
        judgement.previous_grade = LeaGrade.SATISFACTORY
        judgement.average_grade = 3.5
    marked = tmp_path / "marked.pdf"
    write_record_pdf(marked, snapshot)
    counts = {}
    for pdf in (plain, marked):
        pages = int(
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
            .stdout.split("Pages:")[1]
            .split()[0]
        )
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "40",
                "-png",
                "-f",
                str(pages - 1),
                "-l",
                str(pages - 1),
                str(pdf),
                str(tmp_path / pdf.stem),
            ],
            check=True,
        )
        png = next(tmp_path.glob(f"{pdf.stem}-*.png"))
        counts[pdf.stem] = (colour_pixels(png, SELF_EVALUATION), colour_pixels(png, AVERAGE))
    # Only the legend's markers without grades; many more once every judgement has them.
    assert counts["marked"][0] > 3 * max(counts["plain"][0], 1)
    assert counts["marked"][1] > 3 * max(counts["plain"][1], 1)


def test_an_added_paragraph_below_a_bullet_follows_the_list() -> None:
    from coventry_inspect.domain.letter import Block, BlockKind
    from coventry_inspect.reports.letter import letter_html

    blocks = [
        Block(BlockKind.BULLET, "two schools were placed in special measures.", "outcomes/b1"),
        Block(
            BlockKind.BULLET,
            "five schools require improvement.\n\nIt is positive that the centre "
            "continues to offer outstanding provision.",
            "outcomes/b2",
        ),
        Block(BlockKind.PARAGRAPH, "First paragraph.\n\nSecond paragraph.", "outcomes/p2"),
    ]
    html = letter_html(blocks)
    assert html.index("</ul>") < html.index("<p>It is positive that")
    assert "<li>five schools require improvement.</li>" in html
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in html

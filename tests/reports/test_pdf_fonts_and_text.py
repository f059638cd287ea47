"""The PDFs print in our own font, read back word for word as `letter --text`, without ligature
characters, and name themselves in their document properties."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontInfo, QTextLayout

from coventry_inspect import __version__, cli
from coventry_inspect.domain import jrs
from coventry_inspect.reports import fonts
from coventry_inspect.reports.fonts import FontError, register_fonts, report_font
from tests.reports.test_letter_output import example_db
from tests.test_cli import run

__all__ = ["example_db"]  # the module's fixture, shared

OUR_FONTS = {
    "CoventryInspectSans-Regular",
    "CoventryInspectSans-Bold",
    "CoventryInspectSans-Italic",
    "CoventryInspectSans-BoldItalic",
}
LIGATURES = re.compile("[\ufb00-\ufb06]")


def pdf(example_db: Path, tmp_path: Path, reference: str) -> Path:
    path = tmp_path / f"{reference}.pdf"
    result = run("letter", "--db", str(example_db), "--inspection", reference, "--pdf", str(path))
    assert result.returncode == 0, result.stderr
    return path


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def words(text: str, reference: str) -> list[str]:
    """The words in reading order. Page footers ("REF – page 2 of 3") are left out; a word broken
    after a hyphen at the end of a line ("school-to-" / "school") is joined again (Qt never
    hyphenates a word itself); bullets are not text in the PDF (Qt draws a disc), so "•" is
    dropped from the text."""
    text = re.sub(rf"{re.escape(reference)} – page \d+ of \d+", " ", text)
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "-", text)
    return [word for word in text.split() if word != "•"]


@pytest.mark.parametrize("reference", ["COV-2013-03", "COV-2004-05"])
def test_the_pdf_embeds_our_fonts_and_no_other(
    example_db: Path, tmp_path: Path, reference: str
) -> None:
    rows = tool("pdffonts", str(pdf(example_db, tmp_path, reference))).splitlines()[2:]
    found = {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]): row.split()[-5] for row in rows}
    assert set(found) <= OUR_FONTS, found
    assert "CoventryInspectSans-Regular" in found, found
    assert set(found.values()) == {"yes"}, f"not embedded: {found}"


def test_the_letter_pdf_reads_word_for_word_as_the_letter_text(
    example_db: Path, tmp_path: Path
) -> None:
    reference = "COV-2013-03"
    text = run("letter", "--db", str(example_db), "--inspection", reference, "--text").stdout
    printed = tool("pdftotext", str(pdf(example_db, tmp_path, reference)), "-")
    assert not LIGATURES.findall(printed)
    assert words(printed, reference) == words(text, reference)
    assert {"effectiveness", "five"} <= set(printed.split())


def test_the_lea_record_pdf_reads_each_judgement_in_order_without_ligatures(
    example_db: Path, tmp_path: Path
) -> None:
    """The record's table is laid out in columns (a grade can sit between the lines of a long
    judgement), so its words are checked in order rather than side by side."""
    reference = "COV-2004-05"
    printed = tool("pdftotext", str(pdf(example_db, tmp_path, reference)), "-")
    assert not LIGATURES.findall(printed)
    remaining = iter(words(printed, reference))
    for entry in jrs.by_number().values():
        for word in [entry.number, *entry.judgement.split()]:
            assert word in remaining, f"{entry.number}: {word!r} missing or out of order"


def test_report_fonts_never_ligate_even_in_a_font_that_would(qapp: object) -> None:
    """DejaVu Sans (installed with fontconfig) sets "ffi" as one glyph unless told not to."""

    def glyphs(font: QFont) -> int:
        layout = QTextLayout("ffi", font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return sum(len(run.glyphIndexes()) for run in layout.glyphRuns())

    plain = QFont("DejaVu Sans", 11)
    assert QFontInfo(plain).family() == "DejaVu Sans"  # the font this test relies on
    assert glyphs(plain) == 1
    ours = report_font(11)
    ours.setFamily("DejaVu Sans")
    assert glyphs(ours) == 3


def test_the_pdf_names_itself_in_its_properties(example_db: Path, tmp_path: Path) -> None:
    letter = subprocess.run(
        ["pdfinfo", str(pdf(example_db, tmp_path, "COV-2013-03"))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert letter.stderr == ""  # the added Subject leaves a PDF poppler reads without complaint
    fields = dict(
        (key, value.strip())
        for key, _, value in (line.partition(":") for line in letter.stdout.splitlines())
    )
    assert fields["Title"] == "Focused inspection of Coventry local authority — letter"
    assert fields["Author"] == "Louise Soden"
    assert fields["Subject"] == (
        "Coventry LA – focused inspections – 11 to 15 March 2013 (COV-2013-03)"
    )
    assert fields["Creator"] == f"Coventry Inspect {__version__}"
    assert fields["Pages"] == "3"
    record = tool("pdfinfo", "-meta", str(pdf(example_db, tmp_path, "COV-2004-05")))
    assert (
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Inspection of Coventry LEA, '
        in record
    )
    assert "Author:          Gina White" in tool("pdfinfo", str(tmp_path / "COV-2004-05.pdf"))


def test_a_missing_font_file_is_named_and_nothing_is_printed(
    example_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    qapp: object,
) -> None:
    with pytest.raises(FontError, match=r"CoventryInspectSans-Regular\.ttf is missing"):
        register_fonts(tmp_path)
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path)
    target = tmp_path / "letter.pdf"
    code = cli.main(
        ["letter", "--db", str(example_db), "--inspection", "COV-2013-03", "--pdf", str(target)]
    )
    assert code == 1
    assert capsys.readouterr().err == (
        f"coventry-inspect: {tmp_path / 'CoventryInspectSans-Regular.ttf'} is missing, so nothing can "
        "be printed in Coventry Inspect Sans, the font every letter prints in; reinstall Coventry "
        "Inspect\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("reference", ["COV-2013-03", "COV-2004-05"])
def test_every_word_sits_in_the_same_place_whatever_the_machines_fonts(
    example_db: Path, tmp_path: Path, reference: str
) -> None:
    """Another inspector's laptop has other fonts and font settings: here a fontconfig set-up
    with no system fonts and none of this machine's hinting settings. The document is laid out
    in our font's design metrics, unhinted, so each word lands at the same place on the same
    page (with the machine's hinting, every word moved)."""
    here = pdf(example_db, tmp_path, reference)
    bare = tmp_path / "bare.conf"
    bare.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    there = tmp_path / "there" / f"{reference}.pdf"
    there.parent.mkdir()
    result = run(
        "letter", "--db", str(example_db), "--inspection", reference, "--pdf", str(there),
        env={"FONTCONFIG_FILE": str(bare)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    def boxes(path: Path) -> list[str]:
        return re.findall(r"<word [^>]*>[^<]*</word>", tool("pdftotext", "-bbox", str(path), "-"))

    placed = boxes(here)
    assert len(placed) > 500
    assert boxes(there) == placed

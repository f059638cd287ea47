"""LibreOffice prints the exported workbook with no text clipped or printed over other text.

LibreOffice does not grow rows to fit wrapped text when it opens a file: rows too short for their
text printed the address over "Copy to" and long key questions over the next question.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import InspectionSnapshot, QuestionRow
from tests.exchange.test_libreoffice import soffice
from tests.pdf_text import pdf_text

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
LONG_QUESTION = (
    "How well does the local authority help your governors to understand the performance data, "
    "the standards your pupils achieve and the progress of groups of pupils such as those known "
    "to be eligible for free school meals, and how does it check that they use it?"
)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_words(pdf: Path) -> list[Word]:
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, page in enumerate(bbox.split("<page ")[1:], start=1):
        for match in WORD.finditer(page):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            words.append(Word(number, x0, y0, x1, y1, html.unescape(match.group(5))))
    return words


def overprinted(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (more than a third of the shorter one's height)."""
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for word in words:
        by_page.setdefault(word.page, []).append(word)
    for page in by_page.values():
        page.sort(key=lambda w: w.y0)
        for i, a in enumerate(page):
            for b in page[i + 1 :]:
                if b.y0 >= a.y1:
                    break
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                shorter = min(a.y1 - a.y0, b.y1 - b.y0)
                if overlap_x > 1 and overlap_y > shorter / 3:
                    pairs.append((a.text, b.text))
    return pairs


def test_libreoffice_prints_every_line_with_nothing_over_it(
    focused: InspectionSnapshot, out: Path, tmp_path: Path
) -> None:
    focused.questions = [*focused.questions, QuestionRow(len(focused.questions) + 1, LONG_QUESTION)]
    address = focused.details.addressee_address.splitlines()
    assert len(address) >= 3
    export_workbook(focused, out)
    result = soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(out.parent), str(out))
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf")

    words = pdf_words(pdf)
    assert overprinted(words) == []
    printed = Counter(w.text for w in words)
    for question in [q.text for q in focused.questions]:
        needed = Counter(question.split())
        assert needed - printed == Counter(), question  # every word of it is printed

    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
    lines = [line for line in lines[lines.index("Field Value") :] if line]  # the Inspection sheet
    start = lines.index(f"Addressee address {address[0]}")
    # Each line of the address on a line of its own, then "Copy to" whole on the next.
    assert lines[start + 1 : start + len(address)] == address[1:]
    assert lines[start + len(address)] == f"Copy to {focused.details.copy_to}"

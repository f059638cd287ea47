"""The focused-inspection letter as a printable document."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtGui import QTextDocument

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.letter import Block, BlockKind
from coventry_inspect.preferences import load_preferences
from coventry_inspect.reports.fonts import FONT_FAMILY as FONT_FAMILY
from coventry_inspect.reports.fonts import report_font
from coventry_inspect.reports.pdf import Properties, write_pdf
from coventry_inspect.reports.qt import gui_application

FONT_POINTS = 11
# Qt's rich text takes margins in pixels of the paint device; the PDF writer's are 1/300 inch.
STYLE = """
p { margin-top: 0px; margin-bottom: 24px; }
h2 { font-size: 12pt; margin-top: 12px; margin-bottom: 24px; }
h3 { font-size: 11pt; margin-top: 18px; margin-bottom: 16px; }
h4 { font-size: 10pt; margin-top: 0px; margin-bottom: 24px; }
h4.section { font-weight: bold; }
h4.sub { font-weight: normal; font-style: italic; }
ul { margin-top: 0px; margin-bottom: 24px; }
li { margin-bottom: 12px; }
.letterhead { color: #1f3864; }
.prompt { background-color: #fff2cc; color: #7f6000; }
"""


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def paragraphs(text: str) -> list[str]:
    """A block's text split at blank lines: an inspector adds a paragraph by leaving one."""
    return [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]


def letter_html(blocks: list[Block]) -> str:
    """The letter as HTML for QTextDocument: letterhead, date, address, headings, bullets.

    A paragraph the inspector added below a bullet (after a blank line) follows the list; a
    prompt still to be written is shaded."""
    parts = []
    bullets: list[str] = []
    after_bullets: list[str] = []  # paragraphs an inspector added below a bullet

    def close_list() -> None:
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
            parts.extend(after_bullets)
            bullets.clear()
            after_bullets.clear()

    for block in blocks:
        first, *more = paragraphs(block.text) or [""]
        if block.kind is BlockKind.BULLET:
            bullets.append(f"<li>{_lines(first)}</li>")
            after_bullets.extend(f"<p>{_lines(p)}</p>" for p in more)
            continue
        close_list()
        if block.kind is BlockKind.LETTERHEAD:
            parts.extend(
                f'<p align="right" class="letterhead">{_lines(p)}</p>' for p in [first, *more]
            )
        elif block.kind is BlockKind.PROMPT:
            parts.append(f'<p class="prompt">{_lines(block.text)}</p>')
        elif block.kind is BlockKind.SUBJECT:
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif block.kind is BlockKind.HEADING:
            parts.append(f"<h3>{escape(block.text)}</h3>")
        elif block.kind is BlockKind.SIGN_OFF:
            parts.append(f"<p><br><br>{_lines(block.text)}</p>")
        else:
            parts.extend(f"<p>{_lines(p)}</p>" for p in [first, *more])
    close_list()
    return "\n".join(parts)


def letter_document(blocks: list[Block]) -> QTextDocument:
    gui_application()
    document = QTextDocument()
    document.setDefaultFont(report_font(FONT_POINTS))
    document.setUseDesignMetrics(True)  # the font's own widths: the same layout everywhere
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(letter_html(blocks))
    return document


def write_letter_pdf(path: Path, blocks: list[Block], details: Details) -> int:
    """Save the letter as an A4 PDF; returns the number of pages."""
    document = letter_document(blocks)
    return write_pdf(
        path, document, footer=details.reference, properties=properties(blocks, details)
    )


def properties(blocks: list[Block], details: Details) -> Properties:
    """Title: what the document is; subject: the letter's subject line; author: who signs it."""
    subject = next((b.text for b in blocks if b.kind is BlockKind.SUBJECT), "")
    return Properties(
        title=f"Focused inspection of {details.authority} local authority — letter",
        author=details.sender_name or load_preferences().sender_name,
        subject=f"{subject} ({details.reference})" if subject else details.reference,
    )

"""The LEA inspection record: Appendix A's judgements, the summary charts, the areas of strength
and weakness, and the recommendations — as text and as a printable document."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QTextDocument

from coventry_inspect.domain import jrs
from coventry_inspect.domain.jrs import COMPARISON_NOTE, NF_NOTE, SCALE_NOTE
from coventry_inspect.domain.vocabulary import FindingKind, LeaGrade
from coventry_inspect.domain.wording import date_range
from coventry_inspect.preferences import load_preferences
from coventry_inspect.reports.charts import ChartRow, chart_height, draw_chart
from coventry_inspect.reports.fonts import report_font
from coventry_inspect.reports.letter import STYLE
from coventry_inspect.reports.pdf import PageDrawer, Properties, write_pdf
from coventry_inspect.reports.qt import gui_application
from coventry_inspect.services.snapshot import InspectionSnapshot

TITLE = "Record of Judgement Recording Statements"
CHART_NOTE = (
    "The bar represents the grade awarded to the LEA, the triangle represents the LEA's "
    "self-evaluation grade, the vertical line represents the LEA's previous grade and the diamond "
    "represents the average grade of all LEAs inspected in the last year."
)


def header_lines(snapshot: InspectionSnapshot) -> list[tuple[str, str]]:
    d = snapshot.details
    inspector = ", ".join(x for x in (d.sender_name, d.sender_title) if x)
    return [
        ("Name of LEA:", d.authority),
        ("LEA number:", d.la_number),
        ("Reporting Inspector:", inspector),
        ("Date of Inspection:", date_range(d.start_date, d.end_date)),
    ]


def section_charts(snapshot: InspectionSnapshot) -> list[tuple[str, list[ChartRow]]]:
    """A chart's rows for each numbered section, in Appendix A's order."""
    catalogue = jrs.by_number()
    sections: dict[str, list[ChartRow]] = {}
    for j in snapshot.judgements:
        entry = catalogue[j.number]
        if entry.section.startswith("Section"):
            sections.setdefault(entry.section, []).append(
                ChartRow(
                    j.number,
                    _int(j.grade),
                    _int(j.self_evaluation_grade),
                    _int(j.previous_grade),
                    j.average_grade,
                )
            )
    return list(sections.items())


def _int(grade: LeaGrade | None) -> int | None:
    return None if grade is None else int(grade)


def _findings_by_section(snapshot: InspectionSnapshot) -> dict[str, dict[FindingKind, list[str]]]:
    grouped: dict[str, dict[FindingKind, list[str]]] = {}
    for finding in snapshot.findings:
        grouped.setdefault(finding.section, {}).setdefault(finding.kind, []).append(
            finding.statement
        )
    return grouped


def record_text(snapshot: InspectionSnapshot) -> str:
    """The record as plain text (``letter --text`` for an LEA inspection)."""
    catalogue = jrs.by_number()
    lines = [TITLE, ""]
    lines += [f"{label} {value}" for label, value in header_lines(snapshot)]
    lines += ["", "No     Required inspection judgement — Grade — Fieldwork"]
    section = None
    for j in snapshot.judgements:
        entry = catalogue[j.number]
        if entry.section != section:
            section = entry.section
            lines += ["", section]
        grade = str(int(j.grade)) if j.grade else "–"
        lines.append(
            f"{entry.number:<6} {entry.judgement} — {grade}{' — NF' if j.no_fieldwork else ''}"
        )
    lines += ["", NF_NOTE, SCALE_NOTE, COMPARISON_NOTE]
    for section_name, kinds in _findings_by_section(snapshot).items():
        lines += ["", section_name or "Findings"]
        for kind, heading in (
            (FindingKind.STRENGTH, "Areas of strength"),
            (FindingKind.AREA_FOR_IMPROVEMENT, "Areas of weakness/for development"),
        ):
            if kinds.get(kind):
                lines.append(f"{heading}:")
                lines += [f"• {statement}" for statement in kinds[kind]]
    for key, heading in ((True, "Key recommendations"), (False, "Other recommendations")):
        chosen = [r for r in snapshot.recommendations if r.key is key]
        if chosen:
            lines += ["", heading]
            for r in chosen:
                lines.append(f"• {r.section} — {r.function}: {r.text}")
    return "\n".join(lines) + "\n"


def record_html(snapshot: InspectionSnapshot) -> str:
    catalogue = jrs.by_number()
    parts = [f"<h2>{TITLE}</h2>", "<p>"]
    parts.append(
        "<br>".join(
            f"<b>{escape(label)}</b> {escape(value)}" for label, value in header_lines(snapshot)
        )
    )
    parts.append("</p>")
    parts.append(
        '<table width="100%" cellspacing="0" cellpadding="3" border="0.5" '
        'style="border-collapse: collapse;">'
    )
    parts.append(  # in <thead>: Qt repeats the row at the top of each page the table reaches
        "<thead><tr><th align=left>No</th><th align=left>Required Inspection Judgement</th>"
        "<th>Grade</th><th>Fieldwork*</th></tr></thead>"
    )
    section = None
    for j in snapshot.judgements:
        entry = catalogue[j.number]
        if entry.section != section:
            section = entry.section
            parts.append(f'<tr><td></td><td colspan="3"><b><i>{escape(section)}</i></b></td></tr>')
        grade = str(int(j.grade)) if j.grade else ""
        parts.append(
            f"<tr><td>{escape(entry.number)}</td><td>{escape(entry.judgement)}</td>"
            f"<td align=center>{grade}</td>"
            f"<td align=center>{'NF' if j.no_fieldwork else ''}</td></tr>"
        )
    parts.append("</table>")
    parts += [
        f"<p><small>{escape(note)}</small></p>"
        for note in ("*" + NF_NOTE, SCALE_NOTE, COMPARISON_NOTE)
    ]
    grouped = _findings_by_section(snapshot)
    if grouped:
        parts.append("<h3>Areas of strength and weakness</h3>")
        for section_name, kinds in grouped.items():
            if section_name:
                parts.append(f'<h4 class="section">{escape(section_name)}</h4>')  # kept with next
            for kind, heading in (
                (FindingKind.STRENGTH, "Areas of strength"),
                (FindingKind.AREA_FOR_IMPROVEMENT, "Areas of weakness/for development"),
            ):
                if kinds.get(kind):
                    parts.append(
                        f'<h4 class="sub">{heading}</h4><ul>'
                        + "".join(f"<li>{escape(s)}</li>" for s in kinds[kind])
                        + "</ul>"
                    )
    for key, heading in ((True, "Key recommendations"), (False, "Other recommendations")):
        chosen = [r for r in snapshot.recommendations if r.key is key]
        if chosen:
            parts.append(f"<h3>{heading}</h3><ul>")
            parts += [
                f"<li><b>{escape(r.function)}</b>{': ' if r.function else ''}{escape(r.text)}</li>"
                for r in chosen
            ]
            parts.append("</ul>")
    return "\n".join(parts)


def record_document(snapshot: InspectionSnapshot) -> QTextDocument:
    gui_application()
    document = QTextDocument()
    document.setDefaultFont(report_font(10))
    document.setUseDesignMetrics(True)  # the font's own widths: the same layout everywhere
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(record_html(snapshot))
    return document


def chart_pages(snapshot: InspectionSnapshot) -> list[PageDrawer]:
    """Pages of summary charts, as many to a page as fit, with the key to the symbols."""
    charts = section_charts(snapshot)
    pages: list[PageDrawer] = []
    batch: list[tuple[str, list[ChartRow]]] = []
    used = 0.0
    line = 1.0  # heights in font lines; converted when drawn
    for title, rows in charts:
        needed = chart_height(len(rows), line) + 1.5
        if batch and used + needed > PAGE_LINES:
            pages.append(_page(batch))
            batch, used = [], 0.0
        batch.append((title, rows))
        used += needed
    if batch:
        pages.append(_page(batch))
    return pages


PAGE_LINES = 58  # lines of 10-point text on an A4 page between our margins


def _page(charts: Sequence[tuple[str, list[ChartRow]]]) -> PageDrawer:
    def draw(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(report_font(10))
        line = painter.fontMetrics().height()
        top = rect.top()
        small = report_font(8)
        painter.setFont(small)
        painter.drawText(
            QRectF(rect.left(), top, rect.width(), line * 3),
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
            CHART_NOTE,
        )  # wrap, left
        painter.setFont(report_font(10))
        top += line * 3
        for title, rows in charts:
            height = chart_height(len(rows), line)
            draw_chart(painter, QRectF(rect.left(), top, rect.width(), height), title, rows)
            top += height + line * 1.5

    return draw


def write_record_pdf(path: Path, snapshot: InspectionSnapshot) -> int:
    document = record_document(snapshot)
    details = snapshot.details
    return write_pdf(
        path,
        document,
        chart_pages(snapshot),
        footer=details.reference,
        properties=Properties(
            title=f"{details.authority} LEA – {TITLE}",
            author=details.sender_name or load_preferences().sender_name,
            subject=f"Inspection of {details.authority} LEA, "
            f"{date_range(details.start_date, details.end_date)} ({details.reference})",
        ),
    )

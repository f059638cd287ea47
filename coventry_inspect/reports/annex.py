"""The evidence annex: for the inspection team, not the council. The responses counted per key
question and judgement (by group and respondent too) with a stacked bar chart, then each finding
as the letter lists it, with how its evidence stands and its supporting responses quoted.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRectF, QSizeF
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPyTextObject,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.support import Support, flag
from coventry_inspect.domain.vocabulary import FindingKind, Respondent
from coventry_inspect.domain.wording import date_range
from coventry_inspect.preferences import load_preferences
from coventry_inspect.reports.analysis_text import (
    group_rows,
    question_rows,
    respondent_rows,
)
from coventry_inspect.reports.fonts import report_font
from coventry_inspect.reports.judgement_bars import Bar, bars_height, draw_bars
from coventry_inspect.reports.letter import STYLE
from coventry_inspect.reports.pdf import Properties, write_pdf
from coventry_inspect.reports.qt import gui_application
from coventry_inspect.services import analysis as analysis_service
from coventry_inspect.services import support
from coventry_inspect.services.analysis import Analysis, Judgement, analyse
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database

TITLE = "Evidence annex"
AUDIENCE = "For the inspection team: not for the council."
HEADINGS = {
    FindingKind.STRENGTH: "Strengths",
    FindingKind.AREA_FOR_IMPROVEMENT: "Areas for improvement",
}
NAMES = {FindingKind.STRENGTH: "Strength", FindingKind.AREA_FOR_IMPROVEMENT: "Area for improvement"}
CHART_POINTS = 9
CHART_OBJECT = int(QTextFormat.ObjectTypes.UserObject.value) + 11
CHART_MARK = "[[chart]]"
ANNEX_STYLE = (
    STYLE
    + """
td, th { padding: 2px; }
p.quoted { margin-left: 60px; margin-bottom: 18px; }
h4.section { margin-bottom: 8px; }
h4.who { font-weight: normal; margin-bottom: 4px; }
h4.keep { font-weight: normal; margin-top: 0px; margin-bottom: 8px; }
p.flag { font-weight: bold; }
"""
)


@dataclass(frozen=True)
class Quote:
    school: str
    urn: str
    question: int
    respondent: Respondent
    judgement: Judgement
    text: str


@dataclass(frozen=True)
class FindingEvidence:
    kind: FindingKind
    place: int
    """Its number in the letter: 1 for the first strength listed, and so on."""
    number: int
    """Its No on the Findings sheet (and the Evidence sheet)."""
    statement: str
    support: Support
    flag: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    questions: tuple[int, ...]
    counts: tuple[int, ...]
    """Tagged responses per judgement, in :class:`Judgement`'s order."""


@dataclass(frozen=True)
class Annex:
    details: Details
    analysis: Analysis
    findings: tuple[FindingEvidence, ...]
    themes: tuple[ThemeCount, ...] = ()


def gather(db: Database, inspection_id: uuid.UUID) -> Annex:
    """Everything the annex shows; an LEA inspection is refused (it has no responses)."""
    analysis = analyse(db, inspection_id)
    snapshot = read_snapshot(db, inspection_id)
    supports = support.support_by_finding(db, inspection_id)
    findings: list[FindingEvidence] = []
    places = dict.fromkeys(FindingKind, 0)
    for row in snapshot.findings:
        assert row.row_id is not None  # read from the database
        places[row.kind] += 1
        stood = supports.get(row.row_id, Support())
        quotes = tuple(
            Quote(
                r.school.name,
                r.school.urn,
                r.key_question.number,
                r.respondent,
                Judgement.of(r.judgement),
                r.text,
            )
            for r in support.supporting(db, row.row_id)
        )
        findings.append(
            FindingEvidence(
                row.kind,
                places[row.kind],
                row.number,
                row.statement,
                stood,
                flag(row.kind, stood),
                quotes,
            )
        )
    themes = _themes(analysis_service.theme_counts(db, inspection_id))
    return Annex(snapshot.details, analysis, tuple(findings), themes)


def _themes(counts: tuple[analysis_service.ThemeCount, ...]) -> tuple[ThemeCount, ...]:
    """Each theme's tagged responses by judgement, over all its questions (counted as the
    Analysis page counts them: :func:`theme_counts`), themes in its order."""
    found: dict[str, list[analysis_service.ThemeCount]] = {}
    for c in counts:
        found.setdefault(c.theme, []).append(c)
    return tuple(
        ThemeCount(
            theme,
            tuple(sorted({c.question for c in tagged})),
            tuple(sum(c.responses for c in tagged if c.judgement is j) for j in Judgement),
        )
        for theme, tagged in found.items()
    )


def question_bars(analysis: Analysis) -> list[Bar]:
    return [
        Bar(f"Q{q.number}", tuple(analysis.count(q.number, judgement=j) for j in Judgement))
        for q in analysis.questions
    ]


def _counts(counts: list[int]) -> str:
    return "".join(f"<td align=center>{n}</td>" for n in counts) + (
        f"<td align=center><b>{sum(counts)}</b></td>"
    )


COUNT_WIDTHS = {"Positive": 10, "Mixed": 9, "Negative": 10, "Not judged": 13, "Total": 8}
"""Each count column's share of the page width (%): the same in every table, so the tables line
up and each heading ("Not judged") has room for itself on one line, however short the questions
are."""


def _unbroken(heading: str) -> str:
    """ "Not judged" on one line: a heading broken in two read as two columns' names."""
    return escape(heading).replace(" ", "&nbsp;")


def _table(
    first: str,
    second: str,
    rows: Sequence[tuple[int | str | None, str, list[int], bool]],
    first_width: int = 5,
) -> str:
    """:class:`CountRow` rows (or a theme's, named in the first column) as an HTML table."""
    second_width = 100 - first_width - sum(COUNT_WIDTHS.values())
    head = "".join(
        f'<th align=center valign=bottom width="{COUNT_WIDTHS[j.value]}%">{_unbroken(j.value)}</th>'
        for j in Judgement
    )
    parts = [
        '<table width="100%" cellspacing="0" cellpadding="3" border="0.5" '
        'style="border-collapse: collapse;">',
        f'<thead><tr><th align=left valign=bottom width="{first_width}%">{first}</th>'
        f'<th align=left valign=bottom width="{second_width}%">{second}</th>{head}'
        f'<th align=center valign=bottom width="{COUNT_WIDTHS["Total"]}%">Total</th></tr></thead>',
    ]
    for number, label, counts, bold in rows:
        text = f"<b>{escape(label)}</b>" if bold else escape(label)
        first_cell = "" if number is None else escape(str(number))
        parts.append(f"<tr><td>{first_cell}</td><td>{text}</td>{_counts(counts)}</tr>")
    parts.append("</table>")
    return "".join(parts)


def _by_theme(counted: tuple[ThemeCount, ...]) -> str:
    rows = [(t.theme, ", ".join(map(str, t.questions)), list(t.counts), False) for t in counted]
    return _table("Theme", "Questions", rows, first_width=20)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def annex_html(annex: Annex) -> str:
    d, analysis = annex.details, annex.analysis
    dates = date_range(d.start_date, d.end_date)
    when = f", {dates}" if dates else ""
    parts = [
        f"<h2>{TITLE} — {escape(d.reference)}</h2>",
        f"<p><b>{escape(AUDIENCE)}</b><br>Focused inspection of {escape(d.authority)} local "
        f"authority{escape(when)}. {_plural(analysis.total, 'response')} to "
        f"{_plural(len(analysis.questions), 'key question')}.</p>",
        "<h3>Responses by key question and judgement</h3>",
        _table("No", "Question", question_rows(analysis)),
    ]
    if analysis.total:
        parts.append(f'<p style="margin-top: 30px">{CHART_MARK}</p>')
    parts += [
        "<h3>By group: schools inspected and schools surveyed</h3>",
        _table("No", "Group", group_rows(analysis)),
        "<h3>By respondent</h3>",
        _table("No", "Respondent", respondent_rows(analysis)),
    ]
    if annex.themes:
        parts += ["<h3>By theme</h3>", _by_theme(annex.themes)]
    missing = len(analysis.missing)
    if missing:
        schools = len({m.urn for m in analysis.missing})
        parts.append(
            '<p style="margin-top: 24px">Still without a response: '
            f"{_plural(missing, 'answer')} from {_plural(schools, 'school')}.</p>"
        )
    if analysis.ungrouped:
        parts.append(
            f"<p>Not counted: {_plural(analysis.ungrouped, 'response')} from schools no longer "
            "in the inspection.</p>"
        )
    for kind in FindingKind:
        findings = [f for f in annex.findings if f.kind is kind]
        if not findings:
            continue
        parts.append(f"<h3>{HEADINGS[kind]}</h3>")
        for f in findings:
            parts.append(_finding(f))
    return "\n".join(parts)


def _finding(f: FindingEvidence) -> str:
    name = f"{NAMES[f.kind]} {f.place}"
    sheet = f" (No {f.number} on the Findings sheet)" if f.number != f.place else ""
    # The statement and the summary are headings to the layout too (styled as text), so that a
    # finding's name is never left at the foot of a page without how its evidence stands.
    summary = f"{escape(f.support.summary().capitalize())}."
    parts = [
        f"<h4 class=section>{name}{sheet}</h4>",
        f'<h4 class="keep">{escape(f.statement)}</h4>',
        f'<h4 class="keep">{summary}</h4>' if f.flag or f.quotes else f"<p>{summary}</p>",
    ]
    if f.flag:
        parts.append(f'<p class="flag">Check this finding: {escape(f.flag)}.</p>')
    for q in f.quotes:
        parts.append(
            # A heading to the layout, so that it is kept on the page of the words it quotes.
            f'<h4 class="who"><b>{escape(q.school)}</b> ({escape(q.urn)}), '
            f"{escape(q.respondent.label.lower())}, question {q.question}: "
            f"<i>{escape(q.judgement.value)}</i></h4>"
        )
        text = q.text.strip()
        quoted = "<br>".join(escape(line) for line in text.splitlines()) if text else ""
        parts.append(
            f'<p class="quoted">“{quoted}”</p>' if text else '<p class="quoted">(no text)</p>'
        )
    return "\n".join(parts)


class _Chart(QPyTextObject):
    """The chart as an object in the text, drawn by QPainter where the layout puts it."""

    def __init__(self, bars: list[Bar], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bars = bars

    def _line(self, document: QTextDocument) -> float:
        device = document.documentLayout().paintDevice()
        font = report_font(CHART_POINTS)
        metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
        return metrics.height()

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:  # noqa: N802
        width = doc.pageSize().width() - 2 * doc.documentMargin() - 2
        return QSizeF(max(width, 100.0), bars_height(len(self.bars), self._line(doc)))

    def drawObject(  # noqa: N802
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        pos: int,
        fmt: QTextFormat,
    ) -> None:
        painter.save()
        painter.setFont(report_font(CHART_POINTS))
        draw_bars(painter, QRectF(rect), self.bars)
        painter.restore()


def annex_document(annex: Annex) -> QTextDocument:
    gui_application()
    document = QTextDocument()
    document.setDefaultFont(report_font(10))
    document.setUseDesignMetrics(True)
    document.setDefaultStyleSheet(ANNEX_STYLE)
    chart = _Chart(question_bars(annex.analysis), document)
    document.documentLayout().registerHandler(CHART_OBJECT, chart)
    document.setHtml(annex_html(annex))
    cursor = document.find(CHART_MARK)
    if not cursor.isNull():
        mark = QTextCharFormat()
        mark.setObjectType(CHART_OBJECT)
        cursor.insertText("\ufffc", mark)
    return document


def write_annex_pdf(path: Path, annex: Annex) -> int:
    """Save the annex as an A4 PDF, replacing ``path`` whole or not at all; returns its pages."""
    d = annex.details
    return write_pdf(
        path,
        annex_document(annex),
        footer=f"{d.reference} evidence annex",
        properties=Properties(
            title=f"{TITLE} — {d.reference}",
            author=d.sender_name or load_preferences().sender_name,
            subject=f"Focused inspection of {d.authority} local authority: the evidence behind "
            f"the findings ({d.reference}); for the inspection team",
        ),
    )

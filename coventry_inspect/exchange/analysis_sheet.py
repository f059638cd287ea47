"""The export-only Analysis sheet: the responses counted per key question and judgement, by group
and by respondent, with a native stacked bar chart of the first table (DESIGN §4).

Import never reads it (it is not a contract sheet): the counts are made from the Responses sheet.
"""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coventry_inspect.exchange.cells import (
    BODY_FONT,
    HEADER_FILL,
    HEADER_FONT,
    THIN,
    fit_to_a4_width,
    set_value,
)
from coventry_inspect.reports.analysis_text import (
    CountRow,
    group_rows,
    question_rows,
    respondent_rows,
)
from coventry_inspect.services.analysis import Analysis, Judgement

ANALYSIS = "Analysis"
JUDGEMENTS = tuple(j.value for j in Judgement)
WIDTHS = (12, 60, *(11 for _ in Judgement), 9)
"""Question No, Question (or Group, Respondent), one column per judgement, Total."""
COLOURS = ("2E7D32", "F2C14E", "B71C1C", "BDBDBD")
"""Positive, Mixed, Negative, Not judged: dark, light, dark, light, so that neighbouring
segments differ in lightness too; they stack in the legend's order and the counts are in the
table above. (No data labels: LibreOffice labels the zeros too, and "3" beside "0" reads 30.)"""
CHART_WIDTH_CM = 24.0
ROW_CM = 0.53
"""The height of a default row (15 points), for the rows kept free under the chart."""
BOLD = Font(name=BODY_FONT, size=11, bold=True)


def chart_height_cm(questions: int) -> float:
    return max(7.5, 3.0 + 1.1 * questions)


def add_analysis_sheet(workbook: Workbook, analysis: Analysis) -> Worksheet:
    """Append the Analysis sheet: the per-question table (its header frozen), the chart under
    it, then the same counts split by group and by respondent, and what is still missing."""
    sheet = workbook.create_sheet(ANALYSIS)
    sheet.append(["Question No", "Question", *JUDGEMENTS, "Total"])
    _style_header_row(sheet)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    # No print titles (as style_header sets): row 1 over the later tables would mislabel them.
    fit_to_a4_width(sheet, landscape=True)
    first = 2
    rows = question_rows(analysis)
    _counts_rows(sheet, rows)
    last_question = first + len(rows) - 2  # the last question's row, above All questions
    if analysis.questions and analysis.total:
        sheet.append([])
        anchor = sheet.max_row + 2
        height = chart_height_cm(len(analysis.questions))
        sheet.add_chart(_chart(sheet, first, last_question, height), f"A{anchor}")
        for _ in range(math.ceil(height / ROW_CM) + 1):
            sheet.append([])
    elif analysis.questions:
        sheet.append([])
        sheet.append(["", "No responses yet: the chart is drawn when there are some."])
    _sub_header(sheet, "Group")
    _counts_rows(sheet, group_rows(analysis))
    _sub_header(sheet, "Respondent")
    _counts_rows(sheet, respondent_rows(analysis))
    _notes(sheet, analysis)
    sheet.print_area = f"A1:{get_column_letter(len(WIDTHS))}{sheet.max_row}"
    return sheet


def _counts_rows(sheet: Worksheet, rows: list[CountRow]) -> None:
    for number, label, counts, bold in rows:
        sheet.append([number, None, *counts, sum(counts)])  # after any blank rows appended
        row = sheet.max_row
        set_value(sheet.cell(row=row, column=2), label, f'{ANALYSIS}, row {row}, column "B"')
        for column in range(1, len(WIDTHS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = Alignment(
                wrap_text=column == 2, vertical="top", horizontal="left" if column <= 2 else "right"
            )
            cell.border = Border(bottom=THIN)
            if bold:
                cell.font = BOLD


def _sub_header(sheet: Worksheet, split: str) -> None:
    sheet.append([])
    sheet.append(["Question No", split, *JUDGEMENTS, "Total"])
    _style_header_row(sheet)


def _style_header_row(sheet: Worksheet) -> None:
    """The last row styled as every sheet's header, the counts' headers over their digits."""
    for column, cell in enumerate(sheet[sheet.max_row], start=1):
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(
            vertical="center", wrap_text=True, horizontal="left" if column <= 2 else "right"
        )


def _notes(sheet: Worksheet, analysis: Analysis) -> None:
    sheet.append([])
    missing = len(analysis.missing)
    schools = len({m.urn for m in analysis.missing})
    if missing:
        note = (
            f"Still without a response: {_plural(missing, 'answer')} from "
            f"{_plural(schools, 'school')}."
        )
    else:
        note = "Every school has answered every question asked of it."
    sheet.append(["", note])
    if analysis.ungrouped:
        sheet.append(
            [
                "",
                f"Not counted: {_plural(analysis.ungrouped, 'response')} from schools no "
                "longer in the inspection.",
            ]
        )
    sheet.append(
        [
            "",
            "Counted from the Responses sheet when the workbook was exported; this sheet is not "
            "read back on import.",
        ]
    )


def _chart(sheet: Worksheet, first: int, last: int, height: float) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = "Responses to each key question, by judgement"
    chart.width, chart.height = CHART_WIDTH_CM, height
    judgements = len(JUDGEMENTS)
    chart.add_data(
        Reference(sheet, min_col=3, max_col=2 + judgements, min_row=first - 1, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    for series, colour in zip(chart.series, COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = "FFFFFF"
    chart.x_axis.title = "Key question"
    chart.x_axis.scaling.orientation = "maxMin"  # question 1 at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.title = "Responses"
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # with the questions reversed, keeps the counts at the bottom
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    return chart


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

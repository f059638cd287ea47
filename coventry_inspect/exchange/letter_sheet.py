"""The workbook's first sheet: the letter as it reads (focused inspection) or Appendix A's
record of judgements with a chart per section (LEA inspection), printable from Excel on A4."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.jrs import COMPARISON_NOTE, NF_NOTE, SCALE_NOTE
from coventry_inspect.domain.letter import Block, BlockKind
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.domain.wording import date_range
from coventry_inspect.exchange.cells import fit_to_a4_width, set_value
from coventry_inspect.exchange.layout import LETTER
from coventry_inspect.services.letter import letter_blocks
from coventry_inspect.services.snapshot import InspectionSnapshot

LETTER_WIDTH = 75
"""Column width (in Excel's character units) that fits A4 portrait within the default margins,
so the letter prints at full size even where fit-to-width is ignored (LibreOffice)."""
LETTER_FONT = "Arial"  # metric-compatible Liberation Sans stands in where Arial is missing


KEY_HEADER = "Block key"
GENERATED_HEADER = "Generated text"
KEY_COLUMN = 2
"""Hidden columns B and C, headed in row 1: each paragraph's block key and the text generated for
it when exported, so import tells the inspector's rewordings from generated text."""


def add_letter_sheet(
    workbook: Workbook, snapshot: InspectionSnapshot, letter: list[Block] | None = None
) -> None:
    """``letter`` is the letter as worded; by default the snapshot's rewordings are applied."""
    sheet = workbook.create_sheet(LETTER, 0)
    if snapshot.details.kind is InspectionKind.FOCUSED:
        generated = letter_blocks(snapshot)
        based_on = {b.key: b.text for b in generated}
        based_on.update({r.key: r.based_on for r in snapshot.rewordings})
        if letter is None:
            worded = {r.key: r.text for r in snapshot.rewordings}
            letter = [Block(b.kind, worded.get(b.key, b.text), b.key) for b in generated]
        _letter(sheet, _with_left_out(letter, generated, snapshot), snapshot.details, based_on)
    else:
        _record(sheet, snapshot)


def _with_left_out(
    letter: list[Block], generated: list[Block], snapshot: InspectionSnapshot
) -> list[Block]:
    """The letter with an empty row for each paragraph the inspector left out (a prompt removed),
    where it would stand: read back, the empty row keeps it left out."""
    left_out = {r.key for r in snapshot.rewordings if not r.text.strip()}
    worded = {b.key: b for b in letter}
    if not left_out - worded.keys():
        return letter
    return [
        worded[b.key] if b.key in worded else Block(BlockKind.PARAGRAPH, "", b.key)
        for b in generated
        if b.key in worded or b.key in left_out
    ]


def _line(
    sheet: Worksheet,
    text: str,
    *,
    bold: bool = False,
    indent: int = 0,
    size: int = 10,
    right: bool = False,
) -> int:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
    cell = sheet.cell(row=row, column=1)
    set_value(cell, text, f"{LETTER}, row {row}")
    cell.font = Font(name=LETTER_FONT, bold=bold, size=size)
    cell.alignment = Alignment(
        wrap_text=True, vertical="top", indent=indent, horizontal="right" if right else None
    )
    return row


def _letter(
    sheet: Worksheet, blocks: list[Block], details: Details, based_on: dict[str, str]
) -> None:
    sheet.column_dimensions["A"].width = LETTER_WIDTH
    # Row 1 is the letterhead (top right, as the printed letter has it: the sender's settings,
    # else the sender's name and title) and heads the hidden key columns.
    if blocks and blocks[0].kind is BlockKind.LETTERHEAD:
        letterhead, blocks = blocks[0].text, blocks[1:]
    else:
        letterhead = "\n".join(x for x in (details.sender_name, details.sender_title) if x)
    _line(sheet, letterhead, right=True)
    for column, header in enumerate((KEY_HEADER, GENERATED_HEADER), start=KEY_COLUMN):
        sheet.cell(row=1, column=column, value=header)
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    for block in blocks:
        if block.kind is BlockKind.BULLET:
            row = _line(sheet, f"{BULLET}{block.text}", indent=1)
        else:
            if sheet.max_row > 1 and block.text:
                _line(sheet, "")
            row = _line(
                sheet,
                block.text,
                bold=block.kind in (BlockKind.HEADING, BlockKind.SUBJECT),
                size=11 if block.kind is BlockKind.SUBJECT else 10,
            )
        set_value(sheet.cell(row=row, column=KEY_COLUMN), block.key, f"{LETTER}, row {row}")
        set_value(
            sheet.cell(row=row, column=KEY_COLUMN + 1),
            based_on.get(block.key, block.text),
            f"{LETTER}, row {row}",
        )
    fit_to_a4_width(sheet, landscape=False)
    sheet.print_area = f"A1:A{sheet.max_row}"
    sheet.sheet_view.showGridLines = False


BULLET = "•  "


RECORD_WIDTHS = {"A": 6, "B": 92, "C": 7, "D": 10}
"""Appendix A on A4 landscape; the judgement column wraps at about 100 characters."""
CHART_DATA_COLUMN = 7  # G onwards, hidden: what the charts plot
ROW_CM = 0.53  # a default 15-point row


def _record(sheet: Worksheet, snapshot: InspectionSnapshot) -> None:
    d = snapshot.details
    catalogue = jrs.by_number()
    for column, width in RECORD_WIDTHS.items():
        sheet.column_dimensions[column].width = width
    font = Font(name=LETTER_FONT, size=10)
    bold = Font(name=LETTER_FONT, size=10, bold=True)

    def add(values: list[object], *, style: Font = font, wrap_column: int | None = None) -> int:
        sheet.append(values)
        row: int = sheet.max_row
        for cell in sheet[row]:
            cell.font = style
            cell.alignment = Alignment(
                vertical="top",
                wrap_text=cell.column == wrap_column,
                horizontal="center" if cell.column in (3, 4) else None,
            )
        return row

    add(
        ["Record of Judgement Recording Statements"],
        style=Font(name=LETTER_FONT, size=13, bold=True),
    )
    for label, value in (
        ("Name of LEA:", d.authority),
        ("LEA number:", d.la_number),
        ("Reporting Inspector:", f"{d.sender_name} {d.sender_title}".strip(" ,")),
        ("Date of Inspection:", date_range(d.start_date, d.end_date)),
    ):
        add([None, f"{label} {value}"])
    add([])
    header = add(["No", "Required Inspection Judgement", "Grade", "Fieldwork*"], style=bold)
    section = None
    for judgement in snapshot.judgements:
        entry = catalogue[judgement.number]
        if entry.section != section:
            section = entry.section
            add([None, section], style=Font(name=LETTER_FONT, size=10, bold=True, italic=True))
        grade = int(judgement.grade) if judgement.grade else None
        add(
            [entry.number, entry.judgement, grade, "NF" if judgement.no_fieldwork else None],
            wrap_column=2,
        )
    add([])
    for note in (NF_NOTE, SCALE_NOTE, COMPARISON_NOTE):
        add([None, note], wrap_column=2)
    sheet.print_title_rows = f"{header}:{header}"
    fit_to_a4_width(sheet, landscape=True)
    last_row = _charts(sheet, snapshot, first_row=sheet.max_row + 2)
    sheet.print_area = f"A1:D{last_row}"
    sheet.sheet_view.showGridLines = False


def _charts(sheet: Worksheet, snapshot: InspectionSnapshot, first_row: int) -> int:
    """One bar chart per numbered section, below the table: the grade, the LEA's self-evaluation,
    its previous grade and the average of all LEAs, on the 1–7 scale. Returns the last row used."""
    catalogue = jrs.by_number()
    sections: dict[str, list[int]] = {}
    row = 1
    for judgement in snapshot.judgements:
        entry = catalogue[judgement.number]
        if not entry.section.startswith("Section"):
            continue
        row += 1
        values = (
            entry.number,
            judgement.grade and int(judgement.grade),
            judgement.self_evaluation_grade and int(judgement.self_evaluation_grade),
            judgement.previous_grade and int(judgement.previous_grade),
            judgement.average_grade,
        )
        for offset, value in enumerate(values):
            sheet.cell(row=row, column=CHART_DATA_COLUMN + offset, value=value)
        sections.setdefault(entry.section, []).append(row)
    for offset in range(5):
        sheet.column_dimensions[get_column_letter(CHART_DATA_COLUMN + offset)].hidden = True
    anchor = first_row
    for name, rows in sections.items():
        chart = BarChart()
        chart.type = "bar"
        chart.title = name
        chart.visible_cells_only = False  # the data columns are hidden
        chart.y_axis.title = "Grade: 1 very good … 7 very poor"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 7
        chart.y_axis.majorUnit = 1
        chart.x_axis.scaling.orientation = "maxMin"  # first judgement at the top, as in the report
        chart.add_data(
            Reference(
                sheet,
                min_col=CHART_DATA_COLUMN + 1,
                max_col=CHART_DATA_COLUMN + 4,
                min_row=rows[0],
                max_row=rows[-1],
            )
        )
        for series, title in zip(chart.series, SERIES_TITLES, strict=True):
            series.tx = SeriesLabel(v=title)
        chart.set_categories(
            Reference(sheet, min_col=CHART_DATA_COLUMN, min_row=rows[0], max_row=rows[-1])
        )
        chart.height = max(6.0, 0.8 * len(rows) + 3)
        chart.width = 24
        sheet.add_chart(chart, f"B{anchor}")
        anchor += int(chart.height / ROW_CM) + 2
    return anchor


SERIES_TITLES = ("Grade", "Self-evaluation", "Previous grade", "Average of all LEAs")

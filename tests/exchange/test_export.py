"""Exported workbooks, read back with openpyxl as Excel would see them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.writer import export_workbook, write_template
from coventry_inspect.services.snapshot import FindingRow, InspectionSnapshot

FOCUSED_SHEETS = [
    "Letter",
    "Inspection",
    "Schools inspected",
    "Telephone survey",
    "Key questions",
    "Responses",
    "Findings",
    "Themes",
    "Evidence",
]
LEA_SHEETS = ["Letter", "Inspection", "Findings", "Judgements", "Recommendations"]


def letter_text(path: Path) -> str:
    sheet = load_workbook(path)["Letter"]
    return "\n".join(str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0] is not None)


def test_focused_workbook_sheets_headers_and_styling(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    workbook = load_workbook(out)
    assert workbook.sheetnames == FOCUSED_SHEETS
    schools = workbook["Schools inspected"]
    assert [c.value for c in schools[1]] == [
        "URN",
        "School",
        "Phase",
        "Previous grade",
        "Outcome grade",
        "Inadequate category",
        "Notes",
        "Inspector",
        "Id",
        "Version",
    ]
    hidden = [schools.column_dimensions[c].hidden for c in "ABCDEFGHIJ"]
    assert hidden == [False] * 8 + [True, True]
    assert schools.freeze_panes == "A2"
    assert schools["A1"].font.b
    assert schools.print_title_rows == "$1:$1"
    assert schools.page_setup.fitToWidth == 1
    assert schools.column_dimensions["B"].width == 40
    assert schools.max_row == 12
    drop_downs = {str(v.sqref): v.formula1 for v in schools.data_validations.dataValidation}
    assert drop_downs["C2:C1001"].startswith('"Nursery,Infant,Junior,Primary')
    assert drop_downs["E2:E1001"] == '"Outstanding,Good,Requires improvement,Inadequate"'
    assert drop_downs["F2:F1001"] == '"Serious weaknesses,Special measures"'
    survey = workbook["Telephone survey"]
    assert isinstance(survey["E2"].value, datetime)  # a real date cell
    assert survey["E2"].number_format == "d mmmm yyyy"
    details = {
        row[0]: row[1] for row in workbook["Inspection"].iter_rows(min_row=2, values_only=True)
    }
    assert details["Reference"] == "COV-2013-03"
    assert details["Kind"] == "Focused inspection"
    assert details["Letter date"] == datetime(2013, 4, 10)


def test_letter_sheet_reads_as_the_reference_letter(focused: InspectionSnapshot, out: Path) -> None:
    export_workbook(focused, out)
    text = letter_text(out)
    for expected in (
        "10 April 2013",
        "Mr Colin Green\nDirector of Children, Learning & Young People\nCoventry City Council",
        "Dear Colin",
        "Coventry LA – focused inspections – 11 to 15 March 2013",
        "Outline of inspection activities",
        "Eleven schools were inspected during the focused inspection week, including: one nursery "
        "school; nine primary schools; and one secondary school.",
        "One school had not been inspected before.",
        "Inspection and survey outcomes",
        "•  two schools maintained a good grade for overall effectiveness",
        "•  two schools were placed in special measures. Both schools have declined from a "
        "satisfactory judgement at their previous inspection.",
        "Strengths",
        "Areas for improvement",
        "In summary, there is general recognition",
        "Yours sincerely",
        "Louise Soden\nHMI Interim Regional Director, West Midlands\nCc Rt Hon Michael Gove MP",
    ):
        assert expected in text, expected
    assert text.index("Strengths") < text.index("Areas for improvement") < text.index("In summary")
    sheet = load_workbook(out)["Letter"]
    assert sheet["A1"].value == "Louise Soden\nHMI Interim Regional Director, West Midlands"
    assert (
        sheet["A1"].alignment.horizontal == "right"
    )  # the letterhead, as the printed letter has it
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.print_area is not None


def test_lea_workbook_has_appendix_a_and_a_chart_per_section(
    lea: InspectionSnapshot, out: Path
) -> None:
    export_workbook(lea, out)
    workbook = load_workbook(out)
    assert workbook.sheetnames == LEA_SHEETS
    letter = workbook["Letter"]
    rows = [r for r in letter.iter_rows(min_col=1, max_col=4, values_only=True) if r[0]]
    table = {r[0]: (r[2], r[3]) for r in rows if r[0] != "No" and r[1]}
    assert table["1.8"] == (1, "NF")
    assert table["1.9"] == (5, None)
    assert table["3.9b"] == (4, "NF")
    assert len(table) == 51
    text = "\n".join(
        str(r[1]) for r in letter.iter_rows(min_col=1, max_col=2, values_only=True) if r[1]
    )
    assert "JRS numerical judgements are allocated on a 7-point scale" in text
    assert "Grades 1-2: Well above" in text
    charts = letter._charts
    assert [c.title.tx.rich.p[0].r[0].t for c in charts] == [
        "Section 1: Corporate strategy and LEA leadership",
        "Section 2: Strategy for education and its implementation",
        "Section 3: Support to school leadership and management, including schools' efforts to "
        "support continuous improvement",
        "Section 4: Support for special educational needs",
        "Section 5: Support for social inclusion",
    ]
    judgements = workbook["Judgements"]
    assert [c.value for c in judgements[1]][:4] == [
        "No",
        "Section",
        "Required inspection judgement",
        "Grade",
    ]
    assert judgements.max_row == 52


def test_text_that_looks_like_a_formula_stays_text(focused: InspectionSnapshot, out: Path) -> None:
    focused.findings.append(
        FindingRow(focused.findings[0].kind, "", 9, '=HYPERLINK("http://x","y")')
    )
    focused.findings.append(FindingRow(focused.findings[0].kind, "", 10, "+44 1234"))
    export_workbook(focused, out)
    sheet = load_workbook(out)["Findings"]
    cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    formula_like = [c for c in cells if str(c.value).startswith(("=", "+"))]
    assert [c.value for c in formula_like] == ['=HYPERLINK("http://x","y")', "+44 1234"]
    assert {c.data_type for c in formula_like} == {"s"}


def test_text_longer_than_a_cell_is_refused_not_cut(focused: InspectionSnapshot, out: Path) -> None:
    out.write_bytes(b"the previous export")
    focused.details.summary = "x" * 32_768
    with pytest.raises(
        WorkbookError, match=r'Inspection, row 16, column "Value": 32,768 characters'
    ):
        export_workbook(focused, out)
    assert out.read_bytes() == b"the previous export"
    assert list(out.parent.iterdir()) == [out]


def test_control_characters_are_refused(focused: InspectionSnapshot, out: Path) -> None:
    focused.inspected[0].notes = "bell\x07"
    with pytest.raises(WorkbookError, match=r'Schools inspected, row 2, column "Notes".*U\+0007'):
        export_workbook(focused, out)
    assert not out.exists()


def test_focused_template_has_the_key_questions(out: Path) -> None:
    write_template(InspectionKind.FOCUSED, out)
    workbook = load_workbook(out)
    assert workbook.sheetnames == FOCUSED_SHEETS
    questions = list(workbook["Key questions"].iter_rows(min_row=2, values_only=True))
    assert [q[0] for q in questions] == [1, 2, 3, 4]
    assert questions[3][2] == "Surveyed good and outstanding schools"
    assert workbook["Schools inspected"].max_row == 1
    kind = {r[0]: r[1] for r in workbook["Inspection"].iter_rows(min_row=2, values_only=True)}[
        "Kind"
    ]
    assert kind == "Focused inspection"


def test_lea_template_has_the_whole_catalogue_ungraded(out: Path) -> None:
    write_template(InspectionKind.LEA, out)
    sheet = load_workbook(out)["Judgements"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 51
    assert rows[0][:4] == ("1", "Context of the LEA", "The socio-economic context of the LEA", None)
    assert all(r[3] is None for r in rows)
    grade_lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert grade_lists["D2:D1001"] == '"1,2,3,4,5,6,7"'


def test_dates_sit_left_like_their_header_not_against_the_next_column(
    focused: InspectionSnapshot, out: Path
) -> None:
    export_workbook(focused, out)
    sheet = load_workbook(out)["Telephone survey"]
    dates = [row[4] for row in sheet.iter_rows(min_row=2) if isinstance(row[4].value, datetime)]
    assert sheet.cell(1, 5).value == "Call date"
    assert len(dates) == len(focused.surveyed)
    assert {cell.alignment.horizontal for cell in dates} == {"left"}

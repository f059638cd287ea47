"""The export-only Analysis sheet: hand-counted tables, a native stacked bar chart that Excel's
format keeps (openpyxl and LibreOffice read it back), and an import that ignores it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import (
    export_for_inspector,
    export_workbook,
    focused_analysis,
    write_template,
)
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.store.database import Database, open_database
from tests.exchange.test_libreoffice import soffice
from tests.pdf_text import pdf_text
from tests.services.test_analysis import build
from tests.test_cli import run

HEADER = ("Question No", "Question", "Positive", "Mixed", "Negative", "Not judged", "Total")


def exported(db: Database, inspection_id: uuid.UUID, path: Path) -> InspectionSnapshot:
    snapshot = read_snapshot(db, inspection_id)
    export_workbook(snapshot, path, analysis=focused_analysis(db, inspection_id, snapshot))
    return snapshot


def rows(path: Path) -> list[tuple[Any, ...]]:
    sheet = load_workbook(path)["Analysis"]
    return [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_tables_hold_the_hand_counts_and_import_ignores_them(
    sqlite_db: Database, out: Path
) -> None:
    snapshot = exported(sqlite_db, build(sqlite_db), out)
    found = rows(out)
    assert found[0] == HEADER
    # Hand counts of tests/services/test_analysis.build: question 1 has Ash H+, Ash C~, Birch
    # H-, Birch Other+, Damson H+, Elm H+, Fir H+; question 2 Ash H?, Ash G-, Birch H+, Damson
    # H+; question 3 Damson H~, Damson C?, Elm H? (empty).
    assert found[1:5] == [
        (1, "How well does the authority know you?", 5, 1, 1, 0, 7),
        (2, "What support and challenge?", 2, 0, 1, 1, 4),
        (3, "How are your strengths used?", 0, 1, 0, 2, 3),
        (None, "All questions", 7, 2, 2, 3, 14),
    ]
    assert found[5] == ("Question No", "Group", *HEADER[2:])
    groups = found[6 : found.index(("Question No", "Respondent", *HEADER[2:]))]
    assert (1, "Inspected", 3, 1, 1, 0, 5) in groups
    assert (3, "Surveyed", 0, 1, 0, 2, 3) in groups
    assert not [g for g in groups if g[:2] == (3, "Inspected")]  # asked of surveyed only
    assert (None, "Inspected, outcome Requires improvement", 2, 0, 1, 0, 3) in groups
    assert (None, "Surveyed, all questions", 3, 1, 0, 2, 6) in groups
    assert (2, "Governor", 0, 0, 1, 0, 1) in found
    assert (None, "Headteacher, all questions", 6, 1, 1, 2, 10) in found
    assert (None, "Still without a response: 5 answers from 3 schools.", *[None] * 5) in found
    sheet = load_workbook(out)["Analysis"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_area == f"'Analysis'!$A$1:$G${sheet.max_row}"
    assert sheet.column_dimensions["B"].width == 60
    assert read_workbook(out) == snapshot
    # The inspector's own edits of the sheet change nothing either: it is never read.
    workbook = load_workbook(out)
    workbook["Analysis"]["C2"] = "not a number"
    workbook["Analysis"]["A40"] = "=1/0"
    workbook.save(out)
    assert read_workbook(out) == snapshot


def test_the_chart_is_a_native_stacked_bar_chart_of_the_first_table(
    sqlite_db: Database, out: Path
) -> None:
    exported(sqlite_db, build(sqlite_db), out)
    charts = load_workbook(out)["Analysis"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert isinstance(chart, BarChart)
    assert (chart.type, chart.grouping, chart.overlap) == ("bar", "stacked", 100)
    assert [s.tx.strRef.f for s in chart.series] == [
        f"'Analysis'!{c}1" for c in "CDEF"
    ]  # Positive, Mixed, Negative, Not judged
    assert [s.val.numRef.f for s in chart.series] == [f"'Analysis'!${c}$2:${c}$4" for c in "CDEF"]
    assert {s.cat.numRef.f for s in chart.series} == {"'Analysis'!$A$2:$A$4"}


def test_no_analysis_where_it_would_mislead_or_say_nothing(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    focused = choose_inspection(examples_db, "COV-2013-03").id
    exported(examples_db, focused, out)
    # The example has key questions but no responses yet: the tables, zeros, and no chart.
    found = rows(out)
    assert (None, "All questions", 0, 0, 0, 0, 0) in found
    assert (None, "No responses yet: the chart is drawn when there are some.", *[None] * 5) in (
        found
    )
    assert load_workbook(out)["Analysis"]._charts == []
    lea = choose_inspection(examples_db, "COV-2004-05").id
    exported(examples_db, lea, out)
    assert "Analysis" not in load_workbook(out).sheetnames
    template = tmp_path / "blank.xlsx"
    write_template(InspectionKind.FOCUSED, template)
    assert "Analysis" not in load_workbook(template).sheetnames
    # An inspector's hand-out holds some schools: counts of all of them would not match it.
    handout = tmp_path / "handout.xlsx"
    export_for_inspector(examples_db, focused, Choice(urns=("990001",)), handout)
    assert "Analysis" not in load_workbook(handout).sheetnames


def test_cli_export_writes_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "one.sqlite"
    db = open_database(str(path), user="tester")
    build(db)
    db.close()
    out = tmp_path / "FOC-1.xlsx"
    result = run("export", "--db", str(path), "--inspection", "FOC-1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert rows(out)[4] == (None, "All questions", 7, 2, 2, 3, 14)


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_libreoffice_opens_the_sheet_and_keeps_the_chart(
    kind: str, sqlite_db: Database, out: Path, tmp_path: Path
) -> None:
    snapshot = exported(sqlite_db, build(sqlite_db), out)
    saved = tmp_path / "saved"
    target = "pdf" if kind == "pdf" else "xlsx:Calc MS Excel 2007 XML"
    result = soffice(tmp_path, "--convert-to", target, "--outdir", str(saved), str(out))
    assert result.returncode == 0, result.stderr
    if kind == "pdf":
        text = " ".join(pdf_text(saved / "inspection.pdf").split())
        assert "Responses to each key question, by judgement" in text  # the chart's title
        assert "How well does the authority know you? 5 1 1 0 7" in text
        assert "Inspected, outcome Requires improvement 2 0 1 0 3" in text
        return
    again = saved / "inspection.xlsx"
    charts = load_workbook(again)["Analysis"]._charts
    assert len(charts) == 1
    assert (charts[0].type, charts[0].grouping) == ("bar", "stacked")
    assert len(charts[0].series) == 4
    assert read_workbook(again) == snapshot

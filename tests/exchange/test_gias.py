"""The GIAS school register: read by its own headers, upserted by URN, bad rows reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.exchange.errors import WorkbookError
from coventry_inspect.exchange.gias import (
    open_register,
    phase_of,
    register_rows,
    to_register_row,
)
from coventry_inspect.services.history import list_history
from coventry_inspect.services.register import RegisterImport, RowProblem, import_register
from coventry_inspect.services.schools import find_school, list_schools
from coventry_inspect.store.database import Database
from tests.gias_sample import HEADERS, write_csv, write_xlsx
from tests.test_cli import run


def import_file(db: Database, path: Path) -> RegisterImport:
    with open_register(path) as source:
        states = list(import_register(db, register_rows(source), source.fraction_done))
    assert states[-1].fraction_done == 1.0
    return states[-1]


@pytest.mark.parametrize(
    ("phase", "kind", "expected"),
    [
        ("Primary", "Community school", Phase.PRIMARY),
        ("Not applicable", "Community special school", Phase.SPECIAL),
        ("Secondary", "Academy special converter", Phase.SPECIAL),
        ("Not applicable", "Pupil referral unit", Phase.PUPIL_REFERRAL_UNIT),
        ("Secondary", "Academy alternative provision converter", Phase.PUPIL_REFERRAL_UNIT),
        ("Middle deemed secondary", "Community school", Phase.MIDDLE),
        ("All-through", "Free schools", Phase.ALL_THROUGH),
        ("Nursery", "Local authority nursery school", Phase.NURSERY),
        ("16 plus", "Further education", Phase.SECONDARY),
        ("Not applicable", "Higher education institutions", None),
    ],
)
def test_gias_phases(phase: str, kind: str, expected: Phase | None) -> None:
    assert phase_of(phase, kind) is expected


def test_csv_register_imports_with_bad_rows_reported(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "edubasealldata.csv", 12, extra_rows=[["12", "331"], ["", "331"]])
    result = import_file(db, path)
    assert (result.added, result.updated) == (12, 0)
    assert [p.message for p in result.problems] == [
        "edubasealldata.csv, row 14, column \"URN\": '12' is not a six-digit URN",
        "edubasealldata.csv, row 15, column \"URN\": '' is not a six-digit URN",
    ]
    school = find_school(db, "100000")
    assert school is not None
    assert school.name.startswith(
        ("St Mary\u2019s", "Café", "Whoberley", "Earlsdon", "Foleshill", "Stoke")
    )
    assert (school.la_code, school.la_name, school.status) == ("331", "Coventry", "Open")
    assert isinstance(school.ofsted_last_inspection, date)
    assert not school.illustrative
    assert len(list_schools(db)) == 12
    assert [e.new for e in list_history(db) if e.action == "imported"] == [
        "12 added, 0 updated, 2 rows skipped"
    ]


def test_windows_1252_names_are_read_correctly(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "gias.csv"
    row = [
        "103700",
        "331",
        "Coventry",
        "2001",
        "St Mary\u2019s Café School",
        "Community school",
        "Open",
        "Primary",
        "11-03-2013",
        "Good",
    ]
    with path.open("w", encoding="cp1252", newline="") as handle:
        handle.write(",".join(HEADERS[:10]) + "\r\n" + ",".join(row) + "\r\n")
    assert path.read_bytes().count(b"\x92") == 1  # the curly apostrophe, as GIAS writes it
    import_file(db, path)
    school = find_school(db, "103700")
    assert school is not None
    assert school.name == "St Mary\u2019s Café School"
    assert school.ofsted_last_inspection == date(2013, 3, 11)
    assert school.ofsted_rating == "Good"


def test_reimport_updates_by_urn(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gias.csv", 5)
    import_file(db, path)
    again = import_file(db, path)
    assert (again.added, again.updated) == (0, 5)
    assert len(list_schools(db)) == 5


def test_xlsx_register(db: Database, tmp_path: Path) -> None:
    result = import_file(db, write_xlsx(tmp_path / "gias.xlsx", 20))
    assert (result.added, result.problems) == (20, [])
    school = find_school(db, "100019")
    assert school is not None
    assert school.la_name == "Coventry"


def test_not_a_register(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nColin,c@example.org\n")
    with pytest.raises(
        WorkbookError, match="not a GIAS register: no 'URN' or 'EstablishmentName' columns"
    ):
        open_register(path)
    with pytest.raises(WorkbookError, match=r"a school register is a GIAS \.csv or \.xlsx file"):
        open_register(tmp_path / "register.ods")


def test_register_import_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    path = write_csv(tmp_path / "gias.csv", 30, extra_rows=[["1234567"]])
    result = run("register", "import", str(path), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: 30 added, 0 updated, 1 rows skipped, all in one step\n"
    assert result.stderr == (
        "coventry-inspect: skipped gias.csv, row 32, column \"URN\": '1234567' is not a "
        "six-digit URN\n"
    )
    refused = run("register", "import", str(tmp_path / "missing.csv"), "--db", str(db))
    assert refused.returncode == 1
    assert "no such file" in refused.stderr


def test_register_rows_are_refused_not_altered(db: Database, tmp_path: Path) -> None:
    """A name longer than is stored skips its row, saying so; nothing is cut short."""
    long_name = "The " + "Very " * 60 + "Long School"
    path = write_csv(
        tmp_path / "gias.csv", 2, extra_rows=[["123457", "331", "Coventry", "2", long_name]]
    )
    result = import_file(db, path)
    assert (result.added, result.updated) == (2, 0)
    assert [p.message for p in result.problems] == [
        f'gias.csv, row 4, column "EstablishmentName": {len(long_name)} characters is too long; '
        "at most 300 fit here",
    ]
    assert find_school(db, "123457") is None


def test_a_urn_in_other_digits_is_not_a_urn() -> None:
    """Full-width digits look like a URN in a register workbook; they are refused."""
    cells = ("\uff11\uff12\uff13\uff14\uff15\uff16", "Name", "Primary", "", "", "", "", "", "")
    problem = to_register_row(Path("gias.xlsx"), 4, cells)
    assert isinstance(problem, RowProblem)
    assert problem.message == (
        "gias.xlsx, row 4, column \"URN\": '\uff11\uff12\uff13\uff14\uff15\uff16' is not a "
        "six-digit URN"
    )


@pytest.mark.parametrize("resaved_by", ["openpyxl", "LibreOffice"])
def test_a_register_saved_by_a_spreadsheet_program_reads_as_calamine_reads_it(
    db: Database, tmp_path: Path, resaved_by: str
) -> None:
    """The register workbook is streamed, keeping only the columns used (700 MB for the whole
    sheet of 50,000 rows × 130 columns otherwise). Read here as a whole-sheet reader reads it:
    shared strings, numbers as URNs, date cells, escaped characters, columns in another order, a
    an empty row and a bad row reported by its number."""
    from datetime import datetime

    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    workbook = Workbook()  # not write-only: strings go to the shared-strings part, like Excel
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Establishments"
    headers = [*reversed(HEADERS[:10]), *HEADERS[10:20]]
    sheet.append(headers)
    names = ["St Mary\u2019s & St John <Primary>", 'Caf\u00e9 "Lane"', "  Earlsdon  ", "R&#38;D"]
    for n, name in enumerate(names):
        values = dict.fromkeys(HEADERS[:20], "")
        values.update(
            {
                "URN": 103700 + n,
                "EstablishmentName": name,
                "LA (code)": 331,
                "LA (name)": "Coventry",
                "TypeOfEstablishment (name)": "Community school",
                "EstablishmentStatus (name)": "Open",
                "PhaseOfEducation (name)": "Primary",
                "OfstedLastInsp": datetime(2013, 3, 11 + n),
                "OfstedRating (name)": "Good",
            }
        )
        sheet.append([values[h] for h in headers])
    sheet.append([])  # an empty row
    sheet.append(["" for _ in headers[:-1]] + ["x"])  # nothing in the columns used: skipped
    sheet.cell(row=8, column=headers.index("URN") + 1, value="12A456")
    sheet.cell(row=8, column=headers.index("EstablishmentName") + 1, value="Bad URN School")
    path = tmp_path / "saved.xlsx"
    workbook.save(path)
    if resaved_by == "LibreOffice":  # its own XML: other prefixes, inline attributes, styles
        from tests.exchange.test_libreoffice import soffice

        out = tmp_path / "resaved"
        result = soffice(
            tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)
        )
        assert result.returncode == 0, result.stderr
        path = out / "saved.xlsx"

    with open_register(path) as source:
        read = list(register_rows(source))
    problems = [r for r in read if isinstance(r, RowProblem)]
    schools = [r for r in read if not isinstance(r, RowProblem)]
    assert [p.message for p in problems] == [
        "saved.xlsx, row 8, column \"URN\": '12A456' is not a six-digit URN",
    ]
    whole = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    first = [str(h) for h in whole[0]]
    expected = [
        (
            str(int(row[first.index("URN")])),
            str(row[first.index("EstablishmentName")]).strip(),
            row[first.index("OfstedLastInsp")],
        )
        for row in whole[1:5]
    ]
    assert [(s.urn, s.name, s.ofsted_last_inspection) for s in schools] == expected
    assert expected[0] == ("103700", "St Mary\u2019s & St John <Primary>", date(2013, 3, 11))
    assert {(s.la_code, s.la_name, s.phase, s.ofsted_rating) for s in schools} == {
        ("331", "Coventry", Phase.PRIMARY, "Good")
    }
    result = import_file(db, path)
    assert (result.added, len(result.problems)) == (4, 1)

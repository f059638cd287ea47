"""Reading an inspection workbook: by header name, every problem reported, all or nothing."""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.validation import (
    check_dates_in_order,
    check_inadequate_category,
    check_surveyed_grade,
    check_theme,
)
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.exchange import layout
from coventry_inspect.exchange.cells_in import CellReader, shown
from coventry_inspect.exchange.errors import CellProblem, WorkbookError, WorkbookInvalid
from coventry_inspect.exchange.extent import MAX_COLUMNS, MAX_ROWS, sheet_extent
from coventry_inspect.exchange.layout import MAX_CELL_TEXT
from coventry_inspect.exchange.letter_in import read_rewordings
from coventry_inspect.exchange.safety import check_workbook_file
from coventry_inspect.services.limits import stored_length, too_long
from coventry_inspect.services.snapshot import (
    EvidenceRow,
    FindingRow,
    InspectedRow,
    InspectionSnapshot,
    JudgementRow,
    QuestionRow,
    RecommendationRow,
    ResponseRow,
    SurveyedRow,
    ThemeRow,
)
from coventry_inspect.services.themes import normalise as normalise_theme

MAX_WORKBOOK_BYTES = 100_000_000
"""Uncompressed size limit of an inspection workbook (a large one is a few megabytes)."""


@dataclass
class RawSheet:
    """A sheet's header (normalised name → column index) and its non-blank rows by number."""

    title: str
    header: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]
    problems: list[CellProblem] = field(default_factory=list)
    """What is wrong with the sheet as a whole: its bounds, blank or repeated headers."""

    def cells(self, row: tuple[Any, ...]) -> dict[str, Any]:
        return {name: (row[i] if i < len(row) else None) for name, i in self.header.items()}


CONTRACT_SHEETS = (layout.INSPECTION, *(spec.name for spec in layout.DATA_SHEETS), layout.LETTER)
KNOWN_HEADERS = {"field", "value"} | {
    layout.normalise(column.header) for spec in layout.DATA_SHEETS for column in spec.columns
}
"""Headers of the contract: one of these twice is an error; other columns are ignored."""
IDENTIFIERS = ("Reference", "Local authority", "LA number")
"""Fields stored without outer spaces: spaces there are refused, never silently removed."""


def read_raw_sheets(path: Path) -> tuple[dict[str, RawSheet], list[CellProblem]]:
    """The contract's sheets, keyed by normalised name (other sheets are not read), and the
    problems of sheets that appear twice. Any parser failure is a refusal."""
    check_workbook_file(path, max_uncompressed=MAX_WORKBOOK_BYTES)
    # Our own handles, closed however parsing ends (openpyxl's lazy readers would hold theirs).
    with path.open("rb") as handle, zipfile.ZipFile(handle) as package:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # any parser exception means the file is refused
            raise WorkbookError(f"{path}: not a readable workbook: {_first_line(error)}") from error
        try:
            return _sheets(workbook, package)
        except Exception as error:
            raise WorkbookError(f"{path}: not a readable workbook: {_first_line(error)}") from error
        finally:
            workbook.close()


def _sheets(
    workbook: Any, package: zipfile.ZipFile
) -> tuple[dict[str, RawSheet], list[CellProblem]]:
    wanted = {layout.normalise(name): name for name in CONTRACT_SHEETS}
    sheets: dict[str, RawSheet] = {}
    problems: list[CellProblem] = []
    for worksheet in workbook.worksheets:
        name = layout.normalise(worksheet.title)
        if name not in wanted:
            continue  # extra sheets are the inspector's own: ignored, not even read
        if name in sheets:
            problems.append(
                CellProblem(
                    worksheet.title,
                    1,
                    "A",
                    f"there are two {wanted[name]} sheets ({sheets[name].title!r} and "
                    f"{worksheet.title!r}); keep one",
                )
            )
            continue
        sheets[name] = _sheet(worksheet, package, contract=name != layout.normalise(layout.LETTER))
    return sheets, problems


def _sheet(worksheet: Any, package: zipfile.ZipFile, *, contract: bool = True) -> RawSheet:
    """The sheet's values to its last one. A ``contract`` sheet's header row must name each
    column once; the Letter sheet is read for its hidden key columns alone (its column A is
    the letter itself, under the letterhead or nothing)."""
    # The part's path is openpyxl's own attribute: its stated dimension is not to be trusted.
    with package.open(worksheet._worksheet_path) as source:
        bounds = sheet_extent(source)
    if bounds.beyond is not None:
        row, column = bounds.beyond
        return RawSheet(
            worksheet.title,
            {},
            [],
            [
                CellProblem(
                    worksheet.title,
                    row,
                    get_column_letter(min(column, 16384)),
                    f"holds a value beyond the {MAX_ROWS:,} rows and {MAX_COLUMNS} columns (to "
                    f"{get_column_letter(MAX_COLUMNS)}) an inspection sheet may have; "
                    "delete what is below or right of your data",
                )
            ],
        )
    if bounds.rows == 0:
        return RawSheet(worksheet.title, {}, [])
    rows = worksheet.iter_rows(max_row=bounds.rows, max_col=bounds.columns, values_only=True)
    header_row = next(rows, ())
    body = [
        (number, tuple(row))
        for number, row in enumerate(rows, start=2)
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in row)
    ]
    header, problems = _header(worksheet.title, header_row, body, KNOWN_HEADERS)
    values = dict(body)
    for row, column in bounds.formulas:
        cells = values.get(row, header_row if row == 1 else ())
        if column <= len(cells) and cells[column - 1] not in (None, ""):
            continue  # calculated: its value is read
        named = header_row[column - 1] if column <= len(header_row) else None
        problems.append(
            CellProblem(
                worksheet.title,
                row,
                str(named).strip() if named else get_column_letter(column),
                "holds a formula that was never calculated (the program that saved it does not "
                "calculate); type the value itself, or open and save it in Excel or LibreOffice",
            )
        )
    return RawSheet(worksheet.title, header, body, problems if contract else [])


def _header(
    title: str, cells: tuple[Any, ...], body: list[tuple[int, tuple[Any, ...]]], known: set[str]
) -> tuple[dict[str, int], list[CellProblem]]:
    """Column indices by normalised header; a blank header over values or a repeated one is a
    problem (which column would be meant is a guess, and a guess may lose evidence)."""
    header: dict[str, int] = {}
    problems: list[CellProblem] = []
    for index, value in enumerate(cells):
        name = layout.normalise(value)
        letter = get_column_letter(index + 1)
        if not name:
            if any(index < len(row) and row[index] not in (None, "") for _, row in body):
                problems.append(
                    CellProblem(title, 1, letter, "this column has values but no header")
                )
        elif name in header and name in known:
            first = get_column_letter(header[name] + 1)
            problems.append(
                CellProblem(
                    title,
                    1,
                    str(value).strip(),
                    f"this header is in columns {first} and {letter}; keep one",
                )
            )
        elif name not in header:
            header[name] = index
    return header, problems


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def read_workbook(path: Path) -> InspectionSnapshot:
    """The inspection in the workbook, or :class:`WorkbookInvalid` listing every problem."""
    sheets, problems = read_raw_sheets(path)
    for sheet in sheets.values():
        problems.extend(sheet.problems)
    details = _details(sheets, problems)
    kind = details.kind if details else None
    snapshot = InspectionSnapshot(details or Details("", InspectionKind.FOCUSED, ""))
    snapshot.handout_id = _handout(sheets, problems)
    for spec in layout.DATA_SHEETS:
        raw = sheets.get(layout.normalise(spec.name))
        if raw is None:
            if kind is not None and kind in spec.kinds and not spec.optional:
                problems.append(_missing_sheet(spec, kind))
            elif spec.optional:
                snapshot.absent |= {(spec.name, "")}  # says nothing (not: there are none)
            continue
        if raw.problems:
            continue
        if kind is not None and kind not in spec.kinds:
            if raw.rows:
                problems.append(
                    CellProblem(
                        raw.title,
                        raw.rows[0][0],
                        spec.columns[0].header,
                        f"{_with_article(kind)} has no {spec.name.lower()} sheet; "
                        "remove its rows or change the Kind",
                    )
                )
            continue
        missing = [
            c.header
            for c in spec.columns
            if c.required and layout.normalise(c.header) not in raw.header
        ]
        if missing:
            problems.extend(
                CellProblem(raw.title, 1, name, "this column is missing (was its header changed?)")
                for name in missing
            )
            continue
        snapshot.absent |= {
            (spec.name, c.header)
            for c in spec.columns
            if not c.required and layout.normalise(c.header) not in raw.header
        }
        PARSERS[spec.name](raw, _limits(spec), snapshot, problems)
    if not problems:
        _check_references(sheets, snapshot, problems)
    if not problems:
        read_rewordings(sheets.get(layout.normalise(layout.LETTER)), snapshot, problems)
    if problems:
        raise WorkbookInvalid(str(path), problems)
    return snapshot


def _missing_sheet(spec: layout.Sheet, kind: InspectionKind) -> CellProblem:
    names = [
        layout.INSPECTION,
        *(s.name for s in layout.DATA_SHEETS if kind in s.kinds and not s.optional),
    ]
    return CellProblem(
        spec.name,
        1,
        spec.columns[0].header,
        f"this sheet is missing (deleted or renamed?); {_with_article(kind)} workbook has "
        f"{', '.join(names[:-1])} and {names[-1]} sheets (an empty one means none)",
    )


def _limits(spec: layout.Sheet) -> dict[str, int]:
    """The most characters each column's text may have, from the model it is stored in."""
    found = {c.header: stored_length(*c.stored.split(".")) for c in spec.columns if c.stored}
    return {header: limit for header, limit in found.items() if limit is not None}


def _with_article(kind: InspectionKind) -> str:
    return "an LEA inspection" if kind is InspectionKind.LEA else "a focused inspection"


def _rows(
    raw: RawSheet, limits: dict[str, int], problems: list[CellProblem]
) -> Iterator[tuple[CellReader, dict[str, Any]]]:
    reader = CellReader(raw.title, problems, limits=limits)
    for number, row in raw.rows:
        reader.row = number
        yield reader, raw.cells(row)


def _details(sheets: dict[str, RawSheet], problems: list[CellProblem]) -> Details | None:
    raw = sheets.get(layout.normalise(layout.INSPECTION))
    if raw is None:
        problems.append(
            CellProblem(
                layout.INSPECTION, 1, "Field", "this sheet is missing (deleted or renamed?)"
            )
        )
        return None
    if raw.problems:
        return None
    before = len(problems)
    for column in ("field", "value"):
        if column not in raw.header:
            problems.append(CellProblem(raw.title, 1, column.title(), "this column is missing"))
    if len(problems) > before:
        return None
    fields: dict[str, tuple[int, Any]] = {}
    for number, row in raw.rows:
        cells = raw.cells(row)
        name = layout.normalise(cells["field"])
        if name in fields:
            problems.append(
                CellProblem(
                    raw.title,
                    number,
                    "Field",
                    f"{str(cells['field']).strip()} is also in row {fields[name][0]}; keep one",
                )
            )
        elif name:
            fields[name] = (number, cells["value"])
    for name in layout.INSPECTION_FIELDS:
        if layout.normalise(name) not in fields:
            problems.append(
                CellProblem(
                    raw.title,
                    1,
                    "Field",
                    f"there is no {name} row (deleted or renamed?); add a row with Field {name}",
                )
            )
    if len(problems) > before:
        return None
    reader = CellReader(raw.title, problems)

    def value(name: str) -> Any:
        number, found = fields[layout.normalise(name)]
        reader.row = number
        return found

    def text(name: str, *, required: bool = False) -> str:
        stored = layout.INSPECTION_STORED.get(name)
        limit = stored_length(*stored.split(".")) if stored else None
        found = reader.text(value(name), "Value", limit=limit, trimmed=name in IDENTIFIERS)
        if required and not found.strip():
            reader.problem("Value", f"{name} is required")
        return found

    reference = text("Reference", required=True)
    kind = reader.choice(InspectionKind, value("Kind"), "Value")
    authority = text("Local authority", required=True)
    texts = {
        name: text(name)
        for name in layout.INSPECTION_FIELDS
        if name not in ("Reference", "Kind", "Local authority", *layout.DATE_FIELDS)
    }
    dates = {name: reader.date(value(name), "Value") for name in layout.DATE_FIELDS}
    if kind is None:
        return None
    details = Details(
        reference=reference,
        kind=kind,
        authority=authority,
        la_number=texts["LA number"],
        start_date=dates["Start date"],
        end_date=dates["End date"],
        letter_date=dates["Letter date"],
        meeting_date=dates["Meeting date"],
        sender_name=texts["Sender name"],
        sender_title=texts["Sender title"],
        addressee_name=texts["Addressee name"],
        addressee_title=texts["Addressee title"],
        addressee_address=texts["Addressee address"],
        copy_to=texts["Copy to"],
        summary=texts["Summary"],
    )
    for problem in check_dates_in_order(details.start_date, details.end_date, details.letter_date):
        reader.row = fields[layout.normalise(problem.field)][0]
        reader.problem("Value", problem.message)
    return details


def _handout(sheets: dict[str, RawSheet], problems: list[CellProblem]) -> uuid.UUID | None:
    """The Inspection sheet's optional Hand-out field: which hand-out the workbook is."""
    raw = sheets.get(layout.normalise(layout.INSPECTION))
    if raw is None or raw.problems or not {"field", "value"} <= raw.header.keys():
        return None
    reader = CellReader(raw.title, problems)
    for number, row in raw.rows:
        cells = raw.cells(row)
        if layout.normalise(cells["field"]) == layout.normalise(layout.HANDOUT):
            reader.row = number
            return reader.row_id(cells["value"], "Value")
    return None


def _inspector(r: CellReader, c: dict[str, Any]) -> str:
    """Who the school is assigned to: an optional column, blank (or absent) for no one. A name
    with spaces around it is refused, as other names are, rather than changed."""
    value = c.get("inspector")
    blank = value is None or (isinstance(value, str) and not value.strip())
    return "" if blank else r.text(value, "Inspector", trimmed=True)


class Identity(TypedDict):
    row_id: uuid.UUID | None
    version: int | None


def _identity(r: CellReader, c: dict[str, Any]) -> Identity:
    """The row's hidden Id and Version, both or neither (absent columns: a new row)."""
    given_id, given_version = c.get("id"), c.get("version")
    before = len(r.problems)
    row_id = r.row_id(given_id, layout.ID)
    version = r.integer(given_version, layout.VERSION, required=False)
    if version is not None and version < 1:
        r.problem(layout.VERSION, f"{version} is not a version; versions start at 1")
    if len(r.problems) > before:
        return Identity(row_id=None, version=None)
    if row_id is not None and version is None:
        r.problem(
            layout.VERSION,
            "is empty but the row has an Id; put back the version it was exported with, or "
            "clear the Id too for a new row",
        )
    elif row_id is None and version is not None:
        r.problem(
            layout.ID,
            "is empty but the row has a Version; put back the id it was exported with, or "
            "clear the Version too for a new row",
        )
    else:
        return Identity(row_id=row_id, version=version)
    return Identity(row_id=None, version=None)


def _schools_inspected(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        urn = r.urn(c["urn"])
        name = r.text(c["school"], "School", required=True)
        phase = r.choice(Phase, c["phase"], "Phase")
        previous = r.choice(PreviousGrade, c["previous grade"], "Previous grade")
        outcome = r.school_grade(c["outcome grade"], "Outcome grade")
        category = r.choice(
            InadequateCategory, c["inadequate category"], "Inadequate category", required=False
        )
        for problem in check_inadequate_category(outcome, category):
            r.problem("Inadequate category", problem.message)
        notes = r.text(c["notes"], "Notes")
        inspector = _inspector(r, c)
        if phase and previous:
            snapshot.inspected.append(
                InspectedRow(
                    urn,
                    name,
                    phase,
                    previous,
                    outcome,
                    category,
                    notes,
                    inspector,
                    **_identity(r, c),
                )
            )


def _telephone_survey(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        urn = r.urn(c["urn"])
        name = r.text(c["school"], "School", required=True)
        phase = r.choice(Phase, c["phase"], "Phase")
        grade = r.choice(PreviousGrade, c["grade at last inspection"], "Grade at last inspection")
        if grade:
            for problem in check_surveyed_grade(grade):
                r.problem("Grade at last inspection", problem.message)
        call_date = r.date(c["call date"], "Call date")
        notes = r.text(c["notes"], "Notes")
        inspector = _inspector(r, c)
        if phase and grade:
            snapshot.surveyed.append(
                SurveyedRow(urn, name, phase, grade, call_date, notes, inspector, **_identity(r, c))
            )


def _key_questions(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        number = r.integer(c["no"], "No")
        text = r.text(c["question"], "Question", required=True)
        asked_of = r.choice(AskedOf, c["asked of"], "Asked of")
        if number is not None and asked_of:
            snapshot.questions.append(QuestionRow(number, text, asked_of, **_identity(r, c)))


def _responses(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        urn = r.urn(c["urn"])
        number = r.integer(c["question no"], "Question No")
        respondent = r.choice(Respondent, c["respondent"], "Respondent")
        text = r.text(c["response"], "Response")
        judgement = r.choice(ResponseJudgement, c["judgement"], "Judgement", required=False)
        if number is not None and respondent:
            snapshot.responses.append(
                ResponseRow(urn, number, respondent, text, judgement, **_identity(r, c))
            )


def _findings(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        kind = r.choice(FindingKind, c["kind"], "Kind")
        section = r.text(c["section"], "Section")
        number = r.integer(c["no"], "No")
        statement = r.text(c["statement"], "Statement", required=True)
        if kind and number is not None:
            snapshot.findings.append(
                FindingRow(kind, section, number, statement, **_identity(r, c))
            )


def _named_response(r: CellReader, c: dict[str, Any]) -> dict[str, Any] | None:
    """The URN, question No and respondent naming a response, and its Response Id if given."""
    urn = r.urn(c["urn"])
    number = r.integer(c["question no"], "Question No")
    respondent = r.choice(Respondent, c["respondent"], "Respondent")
    response_id = r.row_id(c.get(layout.normalise(layout.RESPONSE_ID)), layout.RESPONSE_ID)
    if number is None or respondent is None:
        return None
    return {
        "urn": urn,
        "question_number": number,
        "respondent": respondent,
        "response_id": response_id,
    }


def _themes(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        named = _named_response(r, c)
        # Spaces are tidied as the app tidies a theme typed in: "  HR   support " is HR support,
        # and it is the tidied theme that must fit.
        theme = normalise_theme(r.text(c["theme"], "Theme", required=True, limit=MAX_CELL_TEXT))
        most = limits.get("Theme")
        if most is not None and len(theme) > most:
            r.problem("Theme", too_long(theme, most))
        for problem in check_theme(theme) if theme else []:
            r.problem("Theme", problem.message)
        if named and theme:
            snapshot.themes.append(ThemeRow(theme=theme, **named, **_identity(r, c)))


def _evidence(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        kind = r.choice(FindingKind, c["kind"], "Kind")
        number = r.integer(c["no"], "No")
        named = _named_response(r, c)
        if kind and number is not None and named:
            snapshot.evidence.append(
                EvidenceRow(kind=kind, number=number, **named, **_identity(r, c))
            )


def _judgements(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    catalogue = jrs.by_number()
    for r, c in _rows(raw, limits, problems):
        if isinstance(c["no"], float) and not c["no"].is_integer():
            # 1.10 typed into a number cell reads 1.1: which judgement was meant is a guess.
            r.problem("No", f"{c['no']} is a number; write judgement numbers as text (1.10)")
            continue
        number = r.text(c["no"], "No").strip()
        if number not in catalogue:
            r.problem("No", f"{number!r} is not a judgement of the 2004 framework")
            continue
        fieldwork = r.text(c["fieldwork"], "Fieldwork").strip().upper()
        if fieldwork not in ("", "NF"):
            r.problem("Fieldwork", f"{shown(c['fieldwork'])} is not blank or NF")
        snapshot.judgements.append(
            JudgementRow(
                number,
                r.lea_grade(c["grade"], "Grade"),
                fieldwork == "NF",
                r.lea_grade(c["self-evaluation grade"], "Self-evaluation grade"),
                r.lea_grade(c["previous grade"], "Previous grade"),
                r.number(c["average grade"], "Average grade", 1.0, 7.0),
                **_identity(r, c),
            )
        )


def _recommendations(
    raw: RawSheet, limits: dict[str, int], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, limits, problems):
        snapshot.recommendations.append(
            RecommendationRow(
                r.text(c["section"], "Section"),
                r.text(c["function"], "Function"),
                r.text(c["recommendation"], "Recommendation", required=True),
                r.yes_no(c["key"], "Key"),
                **_identity(r, c),
            )
        )


PARSERS = {
    layout.SCHOOLS_INSPECTED: _schools_inspected,
    layout.TELEPHONE_SURVEY: _telephone_survey,
    layout.KEY_QUESTIONS: _key_questions,
    layout.RESPONSES: _responses,
    layout.FINDINGS: _findings,
    layout.THEMES: _themes,
    layout.EVIDENCE: _evidence,
    layout.JUDGEMENTS: _judgements,
    layout.RECOMMENDATIONS: _recommendations,
}


def _check_references(
    sheets: dict[str, RawSheet], snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    """Rules across rows: no school or number twice; responses name known schools and questions."""

    def rows_of(name: str) -> list[int]:
        raw = sheets.get(layout.normalise(name))
        return [number for number, _ in raw.rows] if raw else []

    def title(name: str) -> str:
        raw = sheets.get(layout.normalise(name))
        return raw.title if raw else name

    def duplicates(sheet: str, column: str, keys: list[Any]) -> None:
        seen = Counter(keys)
        for row, key in zip(rows_of(sheet), keys, strict=True):
            if seen[key] > 1:
                problems.append(
                    CellProblem(title(sheet), row, column, f"{key} appears {seen[key]} times")
                )

    duplicates(layout.SCHOOLS_INSPECTED, "URN", [s.urn for s in snapshot.inspected])
    duplicates(layout.TELEPHONE_SURVEY, "URN", [s.urn for s in snapshot.surveyed])
    duplicates(layout.KEY_QUESTIONS, "No", [q.number for q in snapshot.questions])
    duplicates(layout.JUDGEMENTS, "No", [j.number for j in snapshot.judgements])
    duplicates(
        layout.FINDINGS,
        "No",
        [f"{f.kind.label} {f.section} {f.number}".replace("  ", " ") for f in snapshot.findings],
    )
    identified: tuple[tuple[str, list[Any]], ...] = (
        (layout.SCHOOLS_INSPECTED, snapshot.inspected),
        (layout.TELEPHONE_SURVEY, snapshot.surveyed),
        (layout.KEY_QUESTIONS, snapshot.questions),
        (layout.RESPONSES, snapshot.responses),
        (layout.FINDINGS, snapshot.findings),
        (layout.JUDGEMENTS, snapshot.judgements),
        (layout.RECOMMENDATIONS, snapshot.recommendations),
        (layout.THEMES, snapshot.themes),
        (layout.EVIDENCE, snapshot.evidence),
    )
    for sheet, rows in identified:
        ids = Counter(row.row_id for row in rows if row.row_id is not None)
        for row_number, row in zip(rows_of(sheet), rows, strict=True):
            if ids[row.row_id] > 1:
                problems.append(
                    CellProblem(
                        title(sheet),
                        row_number,
                        layout.ID,
                        f"{row.row_id} is the id of {ids[row.row_id]} rows (a copied row?); "
                        "clear the Id and Version of the copies, which are new rows",
                    )
                )
    schools = {s.urn for s in snapshot.inspected} | {s.urn for s in snapshot.surveyed}
    questions = {q.number for q in snapshot.questions}
    for row, response in zip(rows_of(layout.RESPONSES), snapshot.responses, strict=True):
        if response.urn not in schools:
            problems.append(
                CellProblem(
                    title(layout.RESPONSES),
                    row,
                    "URN",
                    f"{response.urn} is not among the schools inspected or surveyed",
                )
            )
        if response.question_number not in questions:
            problems.append(
                CellProblem(
                    title(layout.RESPONSES),
                    row,
                    "Question No",
                    f"there is no key question {response.question_number}",
                )
            )
    if not problems:
        _resolve_links(rows_of, title, snapshot, problems)


def _resolve_links(
    rows_of: Callable[[str], list[int]],
    title: Callable[[str], str],
    snapshot: InspectionSnapshot,
    problems: list[CellProblem],
) -> None:
    """Each theme's and evidence link's response (and finding) found on its sheet; one theme
    spelt one way (the first row's, as the app stores a theme typed in another case); a row
    saying again what another says is dropped (it adds nothing, and nothing is lost)."""
    responses: dict[tuple[str, int, Respondent], list[tuple[int, ResponseRow]]] = {}
    for row, response in zip(rows_of(layout.RESPONSES), snapshot.responses, strict=True):
        key = (response.urn, response.question_number, response.respondent)
        responses.setdefault(key, []).append((row, response))

    def occurrence(sheet: str, row: int, link: ThemeRow | EvidenceRow) -> int | None:
        key = (link.urn, link.question_number, link.respondent)
        found = responses.get(key, [])
        where = f"from URN {link.urn} to question {link.question_number} by {link.respondent.label}"
        if not found:
            problems.append(
                CellProblem(title(sheet), row, "URN", f"no response {where} on the Responses sheet")
            )
            return None
        if len(found) == 1:
            return 1
        for n, (_, response) in enumerate(found, start=1):
            if link.response_id is not None and response.row_id == link.response_id:
                return n
        rows = _join([str(number) for number, _ in found])
        problems.append(
            CellProblem(
                title(sheet),
                row,
                layout.RESPONSE_ID,
                f"there are {len(found)} responses {where} on the Responses sheet (rows {rows}); "
                f"put the Id of the one meant (from its hidden Id column) in {layout.RESPONSE_ID}",
            )
        )
        return None

    spelling: dict[str, str] = {}
    themes: dict[tuple[Any, ...], ThemeRow] = {}
    for row, theme in zip(rows_of(layout.THEMES), snapshot.themes, strict=True):
        n = occurrence(layout.THEMES, row, theme)
        if n is None:
            continue
        theme.occurrence = n
        theme.theme = spelling.setdefault(theme.theme.casefold(), theme.theme)
        themes.setdefault(
            (theme.urn, theme.question_number, theme.respondent, n, theme.theme), theme
        )
    findings: dict[tuple[FindingKind, int], list[FindingRow]] = {}
    for finding in snapshot.findings:
        findings.setdefault((finding.kind, finding.number), []).append(finding)
    evidence: dict[tuple[Any, ...], EvidenceRow] = {}
    for row, link in zip(rows_of(layout.EVIDENCE), snapshot.evidence, strict=True):
        named = findings.get((link.kind, link.number), [])
        if len(named) != 1:
            sections = f" ({len(named)}, in different sections)" if named else ""
            problems.append(
                CellProblem(
                    title(layout.EVIDENCE),
                    row,
                    "No",
                    f"no{' one' if named else ''} {link.kind.label} {link.number}{sections} on "
                    "the Findings sheet",
                )
            )
        n = occurrence(layout.EVIDENCE, row, link)
        if n is None or len(named) != 1:
            continue
        link.occurrence, link.section = n, named[0].section
        named_finding = (link.kind, link.section, link.number)
        evidence.setdefault(
            (*named_finding, link.urn, link.question_number, link.respondent, n), link
        )
    snapshot.themes = list(themes.values())
    snapshot.evidence = list(evidence.values())


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

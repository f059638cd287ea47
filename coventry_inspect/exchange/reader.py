"""Reading an inspection workbook: by header name, every problem reported, all or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.validation import (
    check_dates_in_order,
    check_inadequate_category,
    check_surveyed_grade,
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
from coventry_inspect.exchange.cells_in import CellReader
from coventry_inspect.exchange.errors import CellProblem, WorkbookError, WorkbookInvalid
from coventry_inspect.exchange.letter_in import read_rewordings
from coventry_inspect.exchange.safety import check_workbook_file
from coventry_inspect.services.snapshot import (
    FindingRow,
    InspectedRow,
    InspectionSnapshot,
    JudgementRow,
    QuestionRow,
    RecommendationRow,
    ResponseRow,
    SurveyedRow,
)

MAX_WORKBOOK_BYTES = 100_000_000
"""Uncompressed size limit of an inspection workbook (a large one is a few megabytes)."""


@dataclass
class RawSheet:
    """A sheet's header (normalised name → column index) and its non-blank rows by number."""

    title: str
    header: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]

    def cells(self, row: tuple[Any, ...]) -> dict[str, Any]:
        return {name: (row[i] if i < len(row) else None) for name, i in self.header.items()}


def read_raw_sheets(path: Path) -> dict[str, RawSheet]:
    """Every sheet's values, keyed by normalised sheet name. Any parser failure is a refusal."""
    check_workbook_file(path, max_uncompressed=MAX_WORKBOOK_BYTES)
    # Our own handle, closed however parsing ends (openpyxl's lazy readers would hold theirs).
    with path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # any parser exception means the file is refused
            raise WorkbookError(f"{path}: not a readable workbook: {_first_line(error)}") from error
        try:
            return _sheets(workbook)
        except Exception as error:
            raise WorkbookError(f"{path}: not a readable workbook: {_first_line(error)}") from error
        finally:
            workbook.close()


def _sheets(workbook: Any) -> dict[str, RawSheet]:
    sheets: dict[str, RawSheet] = {}
    for worksheet in workbook.worksheets:
        rows = worksheet.iter_rows(values_only=True)
        header_row = next(rows, ())
        header = {layout.normalise(v): i for i, v in enumerate(header_row) if layout.normalise(v)}
        body = [
            (number, tuple(row))
            for number, row in enumerate(rows, start=2)
            if any(v is not None and (not isinstance(v, str) or v.strip()) for v in row)
        ]
        sheets.setdefault(
            layout.normalise(worksheet.title), RawSheet(worksheet.title, header, body)
        )
    return sheets


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def read_workbook(path: Path) -> InspectionSnapshot:
    """The inspection in the workbook, or :class:`WorkbookInvalid` listing every problem."""
    sheets = read_raw_sheets(path)
    problems: list[CellProblem] = []
    details = _details(sheets, problems)
    snapshot = InspectionSnapshot(details or Details("", InspectionKind.FOCUSED, ""))
    kind = snapshot.details.kind
    for spec in layout.DATA_SHEETS:
        raw = sheets.get(layout.normalise(spec.name))
        if raw is None or not raw.rows:
            continue
        if kind not in spec.kinds:
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
                CellProblem(raw.title, 1, name, "this column is missing") for name in missing
            )
            continue
        PARSERS[spec.name](raw, snapshot, problems)
    if not problems:
        _check_references(sheets, snapshot, problems)
    if not problems:
        read_rewordings(sheets.get(layout.normalise(layout.LETTER)), snapshot, problems)
    if problems:
        raise WorkbookInvalid(str(path), problems)
    return snapshot


def _with_article(kind: InspectionKind) -> str:
    return "an LEA inspection" if kind is InspectionKind.LEA else "a focused inspection"


def _rows(
    raw: RawSheet, problems: list[CellProblem]
) -> Iterator[tuple[CellReader, dict[str, Any]]]:
    reader = CellReader(raw.title, problems)
    for number, row in raw.rows:
        reader.row = number
        yield reader, raw.cells(row)


def _details(sheets: dict[str, RawSheet], problems: list[CellProblem]) -> Details | None:
    raw = sheets.get(layout.normalise(layout.INSPECTION))
    if raw is None:
        problems.append(
            CellProblem(layout.INSPECTION, 1, "Field", "the Inspection sheet is missing")
        )
        return None
    for column in ("field", "value"):
        if column not in raw.header:
            problems.append(CellProblem(raw.title, 1, column.title(), "this column is missing"))
    if problems:
        return None
    fields: dict[str, tuple[int, Any]] = {}
    for number, row in raw.rows:
        cells = raw.cells(row)
        name = layout.normalise(cells["field"])
        if name:
            fields[name] = (number, cells["value"])
    reader = CellReader(raw.title, problems)

    def value(name: str) -> Any:
        number, found = fields.get(layout.normalise(name), (0, None))
        reader.row = number or 1
        return found

    def required(name: str) -> str:
        text = reader.text(value(name), "Value").strip()
        if not text:
            reader.problem(
                "Value",
                f"{name} is required"
                + (
                    ""
                    if fields.get(layout.normalise(name))
                    else f" (add a row with Field {name!r})"
                ),
            )
        return text

    reference = required("Reference")
    kind = reader.choice(InspectionKind, value("Kind"), "Value") or InspectionKind.FOCUSED
    authority = required("Local authority")
    text = {
        name: reader.text(value(name), "Value")
        for name in layout.INSPECTION_FIELDS
        if name not in ("Reference", "Kind", "Local authority", *layout.DATE_FIELDS)
    }
    dates = {name: reader.date(value(name), "Value") for name in layout.DATE_FIELDS}
    details = Details(
        reference=reference,
        kind=kind,
        authority=authority,
        la_number=text["LA number"].strip(),
        start_date=dates["Start date"],
        end_date=dates["End date"],
        letter_date=dates["Letter date"],
        meeting_date=dates["Meeting date"],
        sender_name=text["Sender name"],
        sender_title=text["Sender title"],
        addressee_name=text["Addressee name"],
        addressee_title=text["Addressee title"],
        addressee_address=text["Addressee address"],
        copy_to=text["Copy to"],
        summary=text["Summary"],
    )
    for problem in check_dates_in_order(details.start_date, details.end_date, details.letter_date):
        reader.row = fields.get(layout.normalise(problem.field), (1, None))[0]
        reader.problem("Value", problem.message)
    return details


def _schools_inspected(
    raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, problems):
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
        notes = r.text(c.get("notes"), "Notes")
        if phase and previous:
            snapshot.inspected.append(
                InspectedRow(urn, name, phase, previous, outcome, category, notes)
            )


def _telephone_survey(
    raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, problems):
        urn = r.urn(c["urn"])
        name = r.text(c["school"], "School", required=True)
        phase = r.choice(Phase, c["phase"], "Phase")
        grade = r.choice(PreviousGrade, c["grade at last inspection"], "Grade at last inspection")
        if grade:
            for problem in check_surveyed_grade(grade):
                r.problem("Grade at last inspection", problem.message)
        call_date = r.date(c.get("call date"), "Call date")
        notes = r.text(c.get("notes"), "Notes")
        if phase and grade:
            snapshot.surveyed.append(SurveyedRow(urn, name, phase, grade, call_date, notes))


def _key_questions(
    raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, problems):
        number = r.integer(c["no"], "No")
        text = r.text(c["question"], "Question", required=True)
        asked_of = r.choice(AskedOf, c["asked of"], "Asked of")
        if number is not None and asked_of:
            snapshot.questions.append(QuestionRow(number, text, asked_of))


def _responses(raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]) -> None:
    for r, c in _rows(raw, problems):
        urn = r.urn(c["urn"])
        number = r.integer(c["question no"], "Question No")
        respondent = r.choice(Respondent, c["respondent"], "Respondent")
        text = r.text(c["response"], "Response")
        judgement = r.choice(ResponseJudgement, c.get("judgement"), "Judgement", required=False)
        if number is not None and respondent:
            snapshot.responses.append(ResponseRow(urn, number, respondent, text, judgement))


def _findings(raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]) -> None:
    for r, c in _rows(raw, problems):
        kind = r.choice(FindingKind, c["kind"], "Kind")
        section = r.text(c.get("section"), "Section")
        number = r.integer(c["no"], "No")
        statement = r.text(c["statement"], "Statement", required=True)
        if kind and number is not None:
            snapshot.findings.append(FindingRow(kind, section, number, statement))


def _judgements(raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]) -> None:
    catalogue = jrs.by_number()
    for r, c in _rows(raw, problems):
        number = r.text(c["no"], "No").strip()
        if number not in catalogue:
            r.problem("No", f"{number!r} is not a judgement of the 2004 framework")
            continue
        fieldwork = r.text(c.get("fieldwork"), "Fieldwork").strip().upper()
        if fieldwork not in ("", "NF"):
            r.problem("Fieldwork", f"{fieldwork!r} should be blank or NF")
        snapshot.judgements.append(
            JudgementRow(
                number,
                r.lea_grade(c["grade"], "Grade"),
                fieldwork == "NF",
                r.lea_grade(c.get("self-evaluation grade"), "Self-evaluation grade"),
                r.lea_grade(c.get("previous grade"), "Previous grade"),
                r.number(c.get("average grade"), "Average grade", 1.0, 7.0),
            )
        )


def _recommendations(
    raw: RawSheet, snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    for r, c in _rows(raw, problems):
        snapshot.recommendations.append(
            RecommendationRow(
                r.text(c["section"], "Section"),
                r.text(c["function"], "Function"),
                r.text(c["recommendation"], "Recommendation", required=True),
                r.yes_no(c["key"], "Key"),
            )
        )


PARSERS = {
    layout.SCHOOLS_INSPECTED: _schools_inspected,
    layout.TELEPHONE_SURVEY: _telephone_survey,
    layout.KEY_QUESTIONS: _key_questions,
    layout.RESPONSES: _responses,
    layout.FINDINGS: _findings,
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

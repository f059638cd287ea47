"""An inspection snapshot as the rows of each sheet, in the columns of :mod:`layout`."""

from __future__ import annotations

from datetime import date
from typing import Any

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.exchange import layout
from coventry_inspect.services.snapshot import InspectionSnapshot


def _label(value: Any) -> str:
    return "" if value is None else str(value.label)


def _grade(value: Any) -> int | None:
    return None if value is None else int(value)


def _identity(row: Any) -> tuple[str | None, int | None]:
    """The hidden Id and Version cells: the stored row's UUID as canonical text, its version."""
    return (None if row.row_id is None else str(row.row_id), row.version)


def inspection_values(details: Details) -> dict[str, str | date | None]:
    """The ``Inspection`` sheet's Field → Value pairs, in the contract's order."""
    return {
        "Reference": details.reference,
        "Kind": details.kind.label,
        "Local authority": details.authority,
        "LA number": details.la_number,
        "Start date": details.start_date,
        "End date": details.end_date,
        "Letter date": details.letter_date,
        "Meeting date": details.meeting_date,
        "Sender name": details.sender_name,
        "Sender title": details.sender_title,
        "Addressee name": details.addressee_name,
        "Addressee title": details.addressee_title,
        "Addressee address": details.addressee_address,
        "Copy to": details.copy_to,
        "Summary": details.summary,
    }


def sheet_rows(snapshot: InspectionSnapshot) -> dict[str, list[tuple[Any, ...]]]:
    """Each data sheet's rows, values in column order (text, numbers, dates or None)."""
    catalogue = jrs.by_number()
    return {
        layout.SCHOOLS_INSPECTED: [
            (
                r.urn,
                r.name,
                r.phase.label,
                r.previous_grade.label,
                _label(r.outcome_grade),
                _label(r.inadequate_category),
                r.notes,
                *_identity(r),
            )
            for r in snapshot.inspected
        ],
        layout.TELEPHONE_SURVEY: [
            (r.urn, r.name, r.phase.label, r.last_grade.label, r.call_date, r.notes, *_identity(r))
            for r in snapshot.surveyed
        ],
        layout.KEY_QUESTIONS: [
            (q.number, q.text, q.asked_of.label, *_identity(q)) for q in snapshot.questions
        ],
        layout.RESPONSES: [
            (
                r.urn,
                r.question_number,
                r.respondent.label,
                r.text,
                _label(r.judgement),
                *_identity(r),
            )
            for r in snapshot.responses
        ],
        layout.FINDINGS: [
            (f.kind.label, f.section, f.number, f.statement, *_identity(f))
            for f in snapshot.findings
        ],
        layout.JUDGEMENTS: [
            (
                j.number,
                catalogue[j.number].section,
                catalogue[j.number].judgement,
                _grade(j.grade),
                "NF" if j.no_fieldwork else "",
                _grade(j.self_evaluation_grade),
                _grade(j.previous_grade),
                j.average_grade,
                *_identity(j),
            )
            for j in snapshot.judgements
        ],
        layout.RECOMMENDATIONS: [
            (c.section, c.function, c.text, "Yes" if c.key else "No", *_identity(c))
            for c in snapshot.recommendations
        ],
    }

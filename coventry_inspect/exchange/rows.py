"""An inspection snapshot as the rows of each sheet, in the columns of :mod:`layout`."""

from __future__ import annotations

import uuid
from collections import Counter
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


def _response_ids(snapshot: InspectionSnapshot) -> dict[uuid.UUID | None, str | None]:
    """The Response Id cell of a Themes or Evidence row: its response's id where the URN,
    question No and respondent alone name several responses; blank otherwise."""
    shared = Counter((r.urn, r.question_number, r.respondent) for r in snapshot.responses)
    return {
        r.row_id: str(r.row_id)
        for r in snapshot.responses
        if r.row_id is not None and shared[r.urn, r.question_number, r.respondent] > 1
    }


def sheet_rows(snapshot: InspectionSnapshot) -> dict[str, list[tuple[Any, ...]]]:
    """Each data sheet's rows, values in column order (text, numbers, dates or None)."""
    catalogue = jrs.by_number()
    response_ids = _response_ids(snapshot)
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
                r.inspector,
                *_identity(r),
            )
            for r in snapshot.inspected
        ],
        layout.TELEPHONE_SURVEY: [
            (
                r.urn,
                r.name,
                r.phase.label,
                r.last_grade.label,
                r.call_date,
                r.notes,
                r.inspector,
                *_identity(r),
            )
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
        layout.THEMES: [
            (
                t.urn,
                t.question_number,
                t.respondent.label,
                t.theme,
                response_ids.get(t.response_id),
                *_identity(t),
            )
            for t in snapshot.themes
        ],
        layout.EVIDENCE: [
            (
                e.kind.label,
                e.number,
                e.urn,
                e.question_number,
                e.respondent.label,
                response_ids.get(e.response_id),
                *_identity(e),
            )
            for e in snapshot.evidence
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

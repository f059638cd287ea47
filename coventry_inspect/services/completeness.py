"""What is left to do in each part of an inspection, for the navigation's state marks."""

from __future__ import annotations

from dataclasses import dataclass

from coventry_inspect.domain.vocabulary import AskedOf, FindingKind, InspectionKind
from coventry_inspect.services.snapshot import InspectionSnapshot


@dataclass(frozen=True)
class PartState:
    part: str
    problems: list[str]

    @property
    def complete(self) -> bool:
        return not self.problems


DETAILS = "Details"
SCHOOLS = "Schools inspected"
SURVEY = "Telephone survey"
QUESTIONS = "Key questions and responses"
FINDINGS = "Findings"
JUDGEMENTS = "Judgements"
RECOMMENDATIONS = "Recommendations"
HISTORY = "History"
FOCUSED_PARTS = (DETAILS, SCHOOLS, SURVEY, QUESTIONS, FINDINGS)
LEA_PARTS = (DETAILS, JUDGEMENTS, FINDINGS, RECOMMENDATIONS)


def parts_of(kind: InspectionKind) -> tuple[str, ...]:
    return FOCUSED_PARTS if kind is InspectionKind.FOCUSED else LEA_PARTS


def part_states(snapshot: InspectionSnapshot) -> dict[str, PartState]:
    d = snapshot.details
    checks: dict[str, list[str]] = {}
    details = [
        f"{name} is not entered"
        for name, value in (
            ("Local authority", d.authority),
            ("Start date", d.start_date),
            ("End date", d.end_date),
            ("Sender name", d.sender_name),
        )
        if not value
    ]
    if d.kind is InspectionKind.FOCUSED:
        details += [
            f"{name} is not entered"
            for name, value in (
                ("Letter date", d.letter_date),
                ("Addressee name", d.addressee_name),
                ("Summary", d.summary),
            )
            if not value
        ]
    checks[DETAILS] = details
    checks[SCHOOLS] = (
        ["no school has been added"]
        if not snapshot.inspected
        else [
            f"{row.name} has no outcome grade"
            for row in snapshot.inspected
            if row.outcome_grade is None
        ]
    )
    checks[SURVEY] = [] if snapshot.surveyed else ["no school has been surveyed"]
    questions = [] if snapshot.questions else ["no key question has been entered"]
    answered = {(r.urn, r.question_number) for r in snapshot.responses if r.text.strip()}
    for row in snapshot.inspected:
        missing = [
            q.number
            for q in snapshot.questions
            if q.asked_of is AskedOf.ALL_SCHOOLS and (row.urn, q.number) not in answered
        ]
        if missing:
            questions.append(f"{row.name}: no response to question {', '.join(map(str, missing))}")
    checks[QUESTIONS] = questions
    kinds = {f.kind for f in snapshot.findings}
    checks[FINDINGS] = [
        f"no {kind.label.lower()} has been entered" for kind in FindingKind if kind not in kinds
    ]
    ungraded = [j.number for j in snapshot.judgements if j.grade is None]
    checks[JUDGEMENTS] = (
        ["the judgement grid is empty"]
        if not snapshot.judgements
        else [f"{len(ungraded)} judgements are not graded"]
        if ungraded
        else []
    )
    checks[RECOMMENDATIONS] = (
        [] if snapshot.recommendations else ["no recommendation has been entered"]
    )
    return {part: PartState(part, checks[part]) for part in parts_of(d.kind)}

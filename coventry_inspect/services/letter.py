"""The summary letter's facts gathered from an inspection snapshot."""

from __future__ import annotations

from coventry_inspect.domain.letter import Block, LetterFacts, compose_letter
from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary
from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.services.snapshot import InspectionSnapshot


def letter_facts(snapshot: InspectionSnapshot) -> LetterFacts:
    d = snapshot.details
    return LetterFacts(
        authority=d.authority,
        start_date=d.start_date,
        end_date=d.end_date,
        letter_date=d.letter_date,
        meeting_date=d.meeting_date,
        sender_name=d.sender_name,
        sender_title=d.sender_title,
        addressee_name=d.addressee_name,
        addressee_title=d.addressee_title,
        addressee_address=d.addressee_address,
        copy_to=d.copy_to,
        summary=d.summary,
        inspected=[
            InspectedOutcome(r.phase, r.previous_grade, r.outcome_grade, r.inadequate_category)
            for r in snapshot.inspected
        ],
        surveyed=[SurveyedSchoolSummary(r.phase, r.last_grade) for r in snapshot.surveyed],
        questions=[(q.text, q.asked_of) for q in snapshot.questions],
        strengths=[f.statement for f in snapshot.findings if f.kind is FindingKind.STRENGTH],
        areas_for_improvement=[
            f.statement for f in snapshot.findings if f.kind is FindingKind.AREA_FOR_IMPROVEMENT
        ],
    )


def letter_blocks(snapshot: InspectionSnapshot) -> list[Block]:
    return compose_letter(letter_facts(snapshot))

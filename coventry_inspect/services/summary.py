"""An inspection's outcomes counted as the letter reports them."""

from __future__ import annotations

import uuid

from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary, Tally, tally
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.store.database import Database


def inspected_outcomes(snapshot: InspectionSnapshot) -> list[InspectedOutcome]:
    return [
        InspectedOutcome(r.phase, r.previous_grade, r.outcome_grade, r.inadequate_category)
        for r in snapshot.inspected
    ]


def surveyed_summaries(snapshot: InspectionSnapshot) -> list[SurveyedSchoolSummary]:
    return [SurveyedSchoolSummary(r.phase, r.last_grade) for r in snapshot.surveyed]


def tally_of(snapshot: InspectionSnapshot) -> Tally:
    return tally(inspected_outcomes(snapshot), surveyed_summaries(snapshot))


def outcome_tally(db: Database, inspection_id: uuid.UUID) -> Tally:
    return tally_of(read_snapshot(db, inspection_id))

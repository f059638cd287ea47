"""An inspection's outcomes counted as the letter reports them."""

from __future__ import annotations

import uuid

from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary, Tally, tally
from coventry_inspect.services.evidence import list_inspected_schools, list_surveyed_schools
from coventry_inspect.store.database import Database


def outcome_tally(db: Database, inspection_id: uuid.UUID) -> Tally:
    inspected = [
        InspectedOutcome(s.phase, s.previous_grade, s.outcome_grade, s.inadequate_category)
        for s in list_inspected_schools(db, inspection_id)
    ]
    surveyed = [
        SurveyedSchoolSummary(s.phase, s.last_grade)
        for s in list_surveyed_schools(db, inspection_id)
    ]
    return tally(inspected, surveyed)

"""A small focused inspection counted by hand, opened in the main window on its Analysis part.

Question 1 is asked of every school, question 2 only of the schools surveyed.
Inspected: Ash Primary (Good), Birch Infant (Requires improvement). Surveyed: Cedar Primary
(no responses at all), Damson Primary.

    Q1  Ash     headteacher         "We are known well by the adviser."   Positive
    Q1  Ash     chair of governors  "Partly known to the council."         Mixed
    Q1  Birch   headteacher         "Rarely visited by anyone."            Negative
    Q1  Birch   governor            "Governor training was cancelled."    (no judgement)
    Q1  Damson  headteacher         "Very well supported by clusters."     Positive
    Q2  Damson  headteacher         "Clusters lead the training."          Mixed

By hand: Q1 = 2 positive, 1 mixed, 1 negative, 1 not judged (5); Q2 = 1 mixed (1).
Missing: Cedar Q1 and Q2. Not asked: Ash Q2, Birch Q2.
"""

from __future__ import annotations

import uuid

from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.gui.analysis_page import AnalysisPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services import evidence
from coventry_inspect.services.inspections import create_inspection
from coventry_inspect.store.database import Database
from tests.gui.conftest import workspace_of

H, C, G = Respondent.HEADTEACHER, Respondent.CHAIR_OF_GOVERNORS, Respondent.GOVERNOR
POS, MIX, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.MIXED, ResponseJudgement.NEGATIVE
SCHOOLS = ["Ash Primary", "Birch Infant", "Cedar Primary", "Damson Primary"]


def build(db: Database) -> uuid.UUID:
    inspection = create_inspection(db, "FOC-T", InspectionKind.FOCUSED, "Testshire")
    q1 = evidence.add_key_question(db, inspection.id, "How well does the authority know you?")
    q2 = evidence.add_key_question(
        db, inspection.id, "How are your strengths used?", AskedOf.SURVEYED_GOOD_AND_OUTSTANDING
    )
    ash = evidence.add_inspected_school(
        db, inspection.id, "100001", "Ash Primary", Phase.PRIMARY, PreviousGrade.GOOD,
        outcome_grade=SchoolGrade.GOOD,
    ).school_id  # fmt: skip
    birch = evidence.add_inspected_school(
        db, inspection.id, "100002", "Birch Infant", Phase.PRIMARY, PreviousGrade.GOOD,
        outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT,
    ).school_id  # fmt: skip
    evidence.add_surveyed_school(
        db, inspection.id, "100003", "Cedar Primary", Phase.PRIMARY, PreviousGrade.GOOD
    )
    damson = evidence.add_surveyed_school(
        db, inspection.id, "100004", "Damson Primary", Phase.PRIMARY, PreviousGrade.GOOD
    ).school_id
    for question, school, respondent, text, judgement in [
        (q1, ash, H, "We are known well by the adviser.", POS),
        (q1, ash, C, "Partly known to the council.", MIX),
        (q1, birch, H, "Rarely visited by anyone.", NEG),
        (q1, birch, G, "Governor training was cancelled.", None),
        (q1, damson, H, "Very well supported by clusters.", POS),
        (q2, damson, H, "Clusters lead the training.", MIX),
    ]:
        evidence.add_response(db, question.id, school, respondent, text, judgement)
    return inspection.id


def open_analysis(window: MainWindow) -> AnalysisPage:
    """The fixture built in the window's database, chosen, its Analysis part shown."""
    assert window.db is not None
    inspection_id = build(window.db)
    workspace = workspace_of(window)
    workspace.inspections.refresh()
    workspace.select_inspection(inspection_id)
    workspace.show_part("Analysis")
    page = workspace.page("analysis")
    assert isinstance(page, AnalysisPage)
    assert workspace.stacked.currentWidget() is page
    return page

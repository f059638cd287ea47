"""The table parts of an inspection: schools inspected, telephone survey, key questions,
findings, judgements and recommendations, each over its service."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from coventry_inspect.domain import jrs
from coventry_inspect.domain.support import Support
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    LeaGrade,
    Phase,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.delegates import (
    AverageDelegate,
    ChoiceDelegate,
    DateDelegate,
    NameDelegate,
    enum_delegate,
)
from coventry_inspect.gui.evidence_actions import cascaded
from coventry_inspect.gui.evidence_dialog import evidence_button, open_evidence
from coventry_inspect.gui.evidence_text import FLAG_COLOUR, flag_text, flag_tip, support_text
from coventry_inspect.gui.register_dialog import Chosen, NewSchoolDialog, RegisterDialog
from coventry_inspect.gui.row_model import Column
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import (
    evidence,
    findings,
    inspections,
    judgements,
    schools,
    support,
)
from coventry_inspect.services.limits import max_length
from coventry_inspect.store.models import (
    Audited,
    Finding,
    InspectedSchool,
    KeyQuestion,
    Recommendation,
    SurveyedSchool,
)


def choose_from_register(parent: QWidget, context: Context) -> Chosen | None:
    dialog = RegisterDialog(context.db, parent)
    dialog.search.setFocus()
    if dialog.exec() and dialog.chosen():
        return dialog.chosen()
    return None


def choose_new_school(parent: QWidget) -> Chosen | None:
    dialog = NewSchoolDialog(parent)
    return dialog.chosen() if dialog.exec() else None


ASSIGNED = "Who in the team the school is assigned to (blank: no one yet)"


def inspector_delegate(
    context: Context, model: type[InspectedSchool] | type[SurveyedSchool]
) -> NameDelegate:
    """An Inspector cell: any name, with the names already used offered as you type."""
    limit = max_length(model.inspector)
    assert limit is not None
    return NameDelegate(lambda: evidence.inspector_names(context.db), limit)


def _previous_from_rating(rating: str) -> PreviousGrade:
    try:
        grade = PreviousGrade.from_label(rating)
    except ValueError:
        return PreviousGrade.NOT_PREVIOUSLY_INSPECTED
    assert isinstance(grade, PreviousGrade)
    return grade


def _register_rating(context: Context, urn: str) -> str:
    school = schools.find_school(context.db, urn)
    return school.ofsted_rating if school else ""


def _school_buttons(
    page: TablePage, context: Context, create: Callable[[str, str, Phase], Audited], what: str
) -> None:
    """ "Add from register…" and "Add new school…", each adding one school as an undoable edit."""

    def add(chooser: Callable[[], Chosen | None]) -> None:
        chosen = chooser()
        if chosen:
            row = context.add(f"Add {chosen[1]}", lambda: create(*chosen))
            if row is not None:
                page.select_id(row.id)

    page.add_button(
        "Add from &register…",
        lambda: add(lambda: choose_from_register(page, context)),
        f"Add {what} from the register",
    )
    page.add_button(
        "Add &new school…",
        lambda: add(lambda: choose_new_school(page)),
        f"Add {what} not in the register",
    )


def inspected_schools_page(
    context: Context, ask_category: Callable[[], InadequateCategory | None]
) -> TablePage:
    def adjust(row: InspectedSchool, field: str, value: Any) -> dict[str, Any] | None:
        if (
            field == "outcome_grade"
            and value == SchoolGrade.INADEQUATE
            and row.inadequate_category is None
        ):
            category = ask_category()
            return {"outcome_grade": value, "inadequate_category": category} if category else None
        if field == "outcome_grade" and value != SchoolGrade.INADEQUATE and row.inadequate_category:
            return {"outcome_grade": value, "inadequate_category": None}
        return {field: value}

    page = TablePage(
        context,
        "Schools inspected",
        [
            Column("URN", show=lambda r: r.school.urn),
            Column("School", show=lambda r: r.school.name, long=True),
            Column("Phase", "phase"),
            Column("Previous grade", "previous_grade"),
            Column("Outcome grade", "outcome_grade"),
            Column("Inadequate category", "inadequate_category"),
            Column("Notes", "notes", narrow=True),
            Column("Inspector", "inspector", tip=ASSIGNED),
        ],
        lambda: evidence.list_inspected_schools(context.db, context.inspection_id),
        partial(evidence.update_inspected_school, context.db),
        delegates={
            2: enum_delegate(Phase, allow_blank=False),
            3: enum_delegate(PreviousGrade, allow_blank=False),
            4: enum_delegate(SchoolGrade, allow_blank=True),
            5: enum_delegate(InadequateCategory, allow_blank=True),
            7: inspector_delegate(context, InspectedSchool),
        },
        adjust=adjust,
    )

    def create(urn: str, name: str, phase: Phase) -> InspectedSchool:
        previous = _previous_from_rating(_register_rating(context, urn))
        return evidence.add_inspected_school(
            context.db, context.inspection_id, urn, name, phase, previous
        )

    _school_buttons(page, context, create, "a school")
    return page


def inspection_week(context: Context) -> date | None:
    """Where a calendar for the inspection's evidence opens: its start (or end) date."""
    inspection = inspections.get_inspection(context.db, context.inspection_id)
    return inspection.start_date or inspection.end_date


def telephone_survey_page(context: Context) -> TablePage:
    good_or_outstanding = [PreviousGrade.OUTSTANDING, PreviousGrade.GOOD]
    page = TablePage(
        context,
        "Telephone survey",
        [
            Column("URN", show=lambda r: r.school.urn),
            Column("School", show=lambda r: r.school.name, long=True),
            Column("Phase", "phase"),
            Column("Grade at last inspection", "last_grade"),
            Column("Call date", "call_date"),
            Column("Notes", "notes", narrow=True),
            Column("Inspector", "inspector", tip=ASSIGNED),
        ],
        lambda: evidence.list_surveyed_schools(context.db, context.inspection_id),
        partial(evidence.update_surveyed_school, context.db),
        delegates={
            2: enum_delegate(Phase, allow_blank=False),
            3: ChoiceDelegate(good_or_outstanding, allow_blank=False),
            4: DateDelegate(near=lambda: inspection_week(context)),
            6: inspector_delegate(context, SurveyedSchool),
        },
    )

    def create(urn: str, name: str, phase: Phase) -> SurveyedSchool:
        grade = _previous_from_rating(_register_rating(context, urn))
        if grade not in good_or_outstanding:
            grade = PreviousGrade.GOOD
        return evidence.add_surveyed_school(
            context.db, context.inspection_id, urn, name, phase, grade
        )

    _school_buttons(page, context, create, "a surveyed school")
    return page


def key_questions_page(context: Context) -> TablePage:
    def responses_of(rows: list[KeyQuestion]) -> list[Audited]:
        """The responses deleting the questions takes, and their themes and links after them."""
        ids = {row.id for row in rows}
        responses = [
            r
            for r in evidence.list_responses(context.db, context.inspection_id)
            if r.key_question_id in ids
        ]
        return [*responses, *cascaded(context, response_ids=[r.id for r in responses])]

    page = TablePage(
        context,
        "Key questions",
        [
            Column("No", "number"),
            Column("Question", "text", long=True),
            Column("Asked of", "asked_of"),
        ],
        lambda: evidence.list_key_questions(context.db, context.inspection_id),
        partial(evidence.update_key_question, context.db),
        delegates={2: enum_delegate(AskedOf, allow_blank=False)},
        dependents=responses_of,
        wrap_rows=True,
    )

    def add() -> None:
        text, ok = QInputDialog.getMultiLineText(page, "Add a key question", "Question:")
        if ok and text.strip():
            row = context.add(
                "Add a key question",
                lambda: evidence.add_key_question(context.db, context.inspection_id, text.strip()),
            )
            if row is not None:
                page.select_id(row.id)

    page.add_button("&Add question…", add, "Add a key question")
    return page


def findings_page(context: Context, kind: FindingKind, *, sections: bool) -> TablePage:
    supported: dict[uuid.UUID, Support] = {}

    def load() -> list[Finding]:
        """The findings, and how each is supported (read together, so they agree)."""
        rows = findings.list_findings(context.db, context.inspection_id, kind)
        supported.clear()
        supported.update(support.support_by_finding(context.db, context.inspection_id))
        return rows

    def stands(row: Finding) -> Support:
        return supported.get(row.id, Support())

    columns = [Column("No", "number")]
    if sections:
        columns.append(
            Column("Section", "section", max_length=max_length(Finding.section), long=True)
        )
    columns.append(Column("Statement", "statement", long=True))
    columns.append(
        Column(
            "Evidence",
            show=lambda r: support_text(kind, stands(r)),
            chars=34,
            tip="The responses linked to each finding (double-click, or Evidence…, to see them)",
            tip_of=lambda r: flag_tip(kind, stands(r)),
            colour_of=lambda r: FLAG_COLOUR if flag_text(kind, stands(r)) else None,
        )
    )
    evidence_column = len(columns) - 1
    noun = "strength" if kind is FindingKind.STRENGTH else "area for improvement"
    title = (
        "Strengths"
        if kind is FindingKind.STRENGTH
        else ("Areas for improvement" if not sections else "Areas of weakness/for development")
    )
    page = TablePage(
        context,
        title,
        columns,
        load,
        partial(findings.update_finding, context.db),
        wrap_rows=True,
        dependents=lambda rows: cascaded(context, finding_ids=[row.id for row in rows]),
    )

    def add() -> None:
        text, ok = QInputDialog.getMultiLineText(page, f"Add to {title.lower()}", "Statement:")
        if ok and text.strip():
            section = page.selected_rows()[0].section if sections and page.selected_rows() else ""
            row = context.add(
                f"Add to {title.lower()}",
                lambda: findings.add_finding(
                    context.db, context.inspection_id, kind, text.strip(), section
                ),
            )
            if row is not None:
                page.select_id(row.id)

    def show_evidence() -> None:
        current = page.table.currentIndex()
        chosen = page.selected_rows() or (
            [page.model.rows[current.row()]] if current.isValid() else []
        )
        if not chosen:
            context.refused(f"Choose one of the {title.lower()} first, then Evidence…")
            return
        open_evidence(context, chosen[0].id, page)

    page.add_button("&Add…", add, f"Add to {title.lower()}")
    page.buttons.insertWidget(
        page.buttons.count() - 1, evidence_button(show_evidence, f"Evidence for the chosen {noun}")
    )
    page.table.doubleClicked.connect(
        lambda index: show_evidence() if index.column() == evidence_column else None
    )
    action = QAction("E&vidence…", page.table)
    action.triggered.connect(show_evidence)
    page.table.addAction(action)
    page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return page


def grade_text(grade: LeaGrade) -> str:
    return f"{int(grade)} – {grade.label}"


def judgements_page(context: Context) -> TablePage:
    catalogue = jrs.by_number()

    def shown(field: str) -> Callable[[Any], str]:
        return lambda r: grade_text(getattr(r, field)) if getattr(r, field) else ""

    return TablePage(
        context,
        "Judgements",
        [
            Column("No", show=lambda r: r.number),
            Column(
                "Required inspection judgement",
                show=lambda r: catalogue[r.number].judgement,
                long=True,
            ),
            Column("Grade", "grade", show=shown("grade")),
            Column("NF", "no_fieldwork", check=True, tip="No fieldwork on this function"),
            Column(
                "Self-evaluation",
                "self_evaluation_grade",
                show=shown("self_evaluation_grade"),
            ),
            Column("Previous", "previous_grade", show=shown("previous_grade")),
            Column("Average of all LEAs", "average_grade"),
        ],
        lambda: judgements.list_judgements(context.db, context.inspection_id),
        partial(judgements.update_judgement, context.db),
        delegates={
            2: ChoiceDelegate(list(LeaGrade), allow_blank=True, describe=grade_text),
            4: ChoiceDelegate(list(LeaGrade), allow_blank=True, describe=grade_text),
            5: ChoiceDelegate(list(LeaGrade), allow_blank=True, describe=grade_text),
            6: AverageDelegate(),
        },
        can_delete=False,
        wrap_rows=True,
    )


def recommendations_page(context: Context) -> TablePage:
    page = TablePage(
        context,
        "Recommendations",
        [
            Column("Section", "section", max_length=max_length(Recommendation.section), long=True),
            Column(
                "Function", "function", max_length=max_length(Recommendation.function), long=True
            ),
            Column("Recommendation", "text", long=True),
            Column("Key", "key", check=True),
        ],
        lambda: findings.list_recommendations(context.db, context.inspection_id),
        partial(findings.update_recommendation, context.db),
        wrap_rows=True,
    )

    def add() -> None:
        text, ok = QInputDialog.getMultiLineText(page, "Add a recommendation", "Recommendation:")
        if ok and text.strip():
            row = context.add(
                "Add a recommendation",
                lambda: findings.add_recommendation(
                    context.db, context.inspection_id, text.strip()
                ),
            )
            if row is not None:
                page.select_id(row.id)

    page.add_button("&Add…", add, "Add a recommendation")
    return page

"""Headteachers' and governors' answers: for each school, each key question asked of it, with
the respondent, the answer and its judgement. Ctrl+Return moves to the next question,
Ctrl+Shift+Return to the next school."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.vocabulary import AskedOf, Respondent, ResponseJudgement
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.details_page import TYPING_PAUSE_MS, CommitOnLeave
from coventry_inspect.gui.shortcuts import NEXT_QUESTION, NEXT_SCHOOL
from coventry_inspect.services import evidence
from coventry_inspect.store.models import InspectedSchool, KeyQuestion, Response, SurveyedSchool

Key = tuple[uuid.UUID, uuid.UUID, Respondent]  # school, question, respondent


class QuestionEditor(QGroupBox):
    def __init__(self, question: KeyQuestion) -> None:
        super().__init__()
        self.question = question
        title = QLabel(f"<b>{question.number}.</b> {question.text}")
        title.setWordWrap(True)
        self.respondent = QComboBox()
        self.respondent.setAccessibleName(f"Respondent to question {question.number}")
        for respondent in Respondent:
            self.respondent.addItem(respondent.label, respondent)
        self.judgement = QComboBox()
        self.judgement.setAccessibleName(f"Judgement of the response to question {question.number}")
        self.judgement.addItem("—", None)
        for judgement in ResponseJudgement:
            self.judgement.addItem(judgement.label, judgement)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(f"Response to question {question.number}")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What the respondent said…")
        self.text.setMinimumHeight(90)
        self.text.setMaximumHeight(180)
        row = QHBoxLayout()
        row.addWidget(QLabel("Respondent"))
        row.addWidget(self.respondent)
        row.addSpacing(16)
        row.addWidget(QLabel("Judgement"))
        row.addWidget(self.judgement)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.text)


class ResponsesPanel(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("Responses")
        self.responses: dict[Key, Response] = {}
        self.editors: list[QuestionEditor] = []
        self.schools = QListWidget()
        self.schools.setAccessibleName("Schools to record responses for")
        self.schools.currentItemChanged.connect(lambda *_: self._show_school())
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter()
        splitter.addWidget(self.schools)
        splitter.addWidget(self.area)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel("<b>Responses</b> — Ctrl+Return: next question; Ctrl+Shift+Return: next school")
        )
        layout.addWidget(splitter, 1)
        QShortcut(NEXT_QUESTION.sequence(), self, self.next_question)  # listed in Help
        QShortcut(NEXT_SCHOOL.sequence(), self, self.next_school)

    def refresh(self) -> None:
        db, inspection = self.context.db, self.context.inspection_id
        questions = evidence.list_key_questions(db, inspection)
        self.responses = {
            (r.school_id, r.key_question_id, r.respondent): r
            for r in evidence.list_responses(db, inspection)
        }
        listed: list[tuple[InspectedSchool | SurveyedSchool, bool]] = [
            (r, False) for r in evidence.list_inspected_schools(db, inspection)
        ]
        listed += [(r, True) for r in evidence.list_surveyed_schools(db, inspection)]
        entries = [
            (f"{row.school.name}{' (survey)' if surveyed else ''}", (row.school_id, surveyed))
            for row, surveyed in listed
        ]
        same_questions = [(q.id, q.number, q.text, q.asked_of) for q in questions] == [
            (q.id, q.number, q.text, q.asked_of) for q in getattr(self, "questions", [])
        ]
        self.questions = questions
        shown = [
            (self.schools.item(i).text(), self.schools.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.schools.count())
        ]
        if shown == entries and same_questions:
            self._reload_editors()  # keep the editors (and the focus) while typing
            return
        current = self._school()
        self.schools.blockSignals(True)
        self.schools.clear()
        for text, data in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            self.schools.addItem(item)
            if current and current[0] == data[0]:
                self.schools.setCurrentItem(item)
        if self.schools.currentItem() is None and self.schools.count():
            self.schools.setCurrentRow(0)
        self.schools.blockSignals(False)
        self._show_school()

    def _reload_editors(self) -> None:
        chosen = self._school()
        if chosen is None:
            return
        for editor in self.editors:
            if not editor.text.hasFocus():
                self._load(editor, chosen[0], editor.respondent.currentData())

    def _school(self) -> tuple[uuid.UUID, bool] | None:
        item = self.schools.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_school(self) -> None:
        chosen = self._school()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.editors = []
        if chosen is None:
            layout.addWidget(QLabel("Add schools inspected or surveyed first."))
        else:
            school_id, surveyed = chosen
            for question in self.questions:
                if question.asked_of is AskedOf.SURVEYED_GOOD_AND_OUTSTANDING and not surveyed:
                    continue
                editor = QuestionEditor(question)
                self._load(editor, school_id)
                editor.respondent.activated.connect(
                    partial(self._load_respondent, editor, school_id)
                )
                editor.judgement.activated.connect(partial(self._save, editor, school_id))
                watcher = CommitOnLeave(partial(self._save, editor, school_id))
                watcher.setParent(editor.text)
                editor.text.installEventFilter(watcher)
                pause = QTimer(editor.text)  # saved after a pause in typing too
                pause.setSingleShot(True)
                pause.setInterval(TYPING_PAUSE_MS)
                pause.timeout.connect(partial(self._save, editor, school_id))
                editor.text.textChanged.connect(pause.start)
                if self.context.read_only:
                    editor.text.setReadOnly(True)
                    editor.respondent.setEnabled(True)  # to read another respondent's answer
                    editor.judgement.setEnabled(False)
                self.editors.append(editor)
                layout.addWidget(editor)
        layout.addStretch()
        self.area.setWidget(inner)

    def _load(
        self, editor: QuestionEditor, school_id: uuid.UUID, respondent: Respondent | None = None
    ) -> None:
        if respondent is None:  # show whoever answered first, else the headteacher
            answered = [
                r for r in Respondent if (school_id, editor.question.id, r) in self.responses
            ]
            respondent = answered[0] if answered else Respondent.HEADTEACHER
        editor.respondent.setCurrentIndex(list(Respondent).index(respondent))
        response = self.responses.get((school_id, editor.question.id, respondent))
        editor.text.setPlainText(response.text if response else "")
        judgement = response.judgement if response else None
        editor.judgement.setCurrentIndex(
            0 if judgement is None else list(ResponseJudgement).index(judgement) + 1
        )

    def _load_respondent(self, editor: QuestionEditor, school_id: uuid.UUID, _index: int) -> None:
        self._load(editor, school_id, editor.respondent.currentData())

    def _save(self, editor: QuestionEditor, school_id: uuid.UUID, *_args: object) -> None:
        respondent: Respondent = editor.respondent.currentData()
        text = editor.text.toPlainText()
        judgement = editor.judgement.currentData()
        existing = self.responses.get((school_id, editor.question.id, respondent))
        if existing is not None:
            if (existing.text, existing.judgement) != (text, judgement):
                self.context.edit(
                    "Change a response",
                    partial(evidence.update_response, self.context.db),
                    existing.id,
                    {"text": text, "judgement": judgement},
                    {"text": existing.text, "judgement": existing.judgement},
                )
        elif text.strip() or judgement is not None:
            created = self.context.add(
                "Record a response",
                lambda: evidence.add_response(
                    self.context.db, editor.question.id, school_id, respondent, text, judgement
                ),
            )
            if isinstance(created, Response):
                self.responses[(school_id, editor.question.id, respondent)] = created

    def next_question(self) -> None:
        focused = next((i for i, e in enumerate(self.editors) if e.text.hasFocus()), -1)
        if focused + 1 < len(self.editors):
            self.editors[focused + 1].text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.next_school()

    def next_school(self) -> None:
        for editor in self.editors:
            if editor.text.hasFocus():
                editor.text.clearFocus()  # saves it
        row = self.schools.currentRow()
        if row + 1 < self.schools.count():
            self.schools.setCurrentRow(row + 1)
        if self.editors:
            self.editors[0].text.setFocus(Qt.FocusReason.ShortcutFocusReason)

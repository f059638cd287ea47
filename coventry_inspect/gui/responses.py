"""Headteachers' and governors' answers: for each school, each key question asked of it, with
the respondent, the answer and its judgement. Ctrl+Return moves to the next question,
Ctrl+Shift+Return to the next school. Each school in the list shows how many of its questions
are answered, and the list can be narrowed to the schools still to do. The field being typed in
is always scrolled into sight."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.details_page import TYPING_PAUSE_MS, CommitOnLeave
from coventry_inspect.gui.evidence_actions import link_to_finding, undoable_edit
from coventry_inspect.gui.evidence_text import finding_name
from coventry_inspect.gui.shortcuts import NEXT_QUESTION, NEXT_SCHOOL
from coventry_inspect.gui.themes_edit import ThemesEdit
from coventry_inspect.services import completeness, evidence, support, themes
from coventry_inspect.services.completeness import Progress
from coventry_inspect.store.models import Finding, KeyQuestion, Response

Key = tuple[uuid.UUID, uuid.UUID, Respondent]  # school, question, respondent
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    """A school in the list."""

    school_id: uuid.UUID
    surveyed: bool
    urn: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name}{' (survey)' if self.surveyed else ''}"


PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
"""A school's progress as shown beside its name ("2/3", "3/3 ✓")."""


class ProgressDelegate(QStyledItemDelegate):
    """Draws a school's name, elided if the list is narrow, with its progress at the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        shown = str(index.data(PROGRESS_ROLE) or "")
        if not shown:
            super().paint(painter, option, index)
            return
        width = option.fontMetrics.horizontalAdvance(shown) + 8
        named = QStyleOptionViewItem(option)
        self.initStyleOption(named, index)
        named.rect = option.rect.adjusted(0, 0, -width, 0)
        style = option.widget.style() if option.widget else QApplication.style()
        whole = QStyleOptionViewItem(named)
        whole.rect = option.rect
        whole.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, whole, painter, option.widget)
        named.backgroundBrush = QBrush()
        named.state &= ~QStyle.StateFlag.State_HasFocus
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, named, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(
            option.rect.adjusted(0, 0, -4, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            shown,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        shown = str(index.data(PROGRESS_ROLE) or "")
        extra = option.fontMetrics.horizontalAdvance(shown) + 8 if shown else 0
        return QSize(hint.width() + extra, hint.height())


class KeepInSight(QObject):
    """Scrolls the area so that a field taking the focus (by Tab, Ctrl+Return, a click or a
    to-do link) is in sight, with its question above it where the two fit."""

    def __init__(self, area: QScrollArea, box: QWidget) -> None:
        super().__init__(box)
        self.area, self.box = area, box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            inner = self.area.widget()
            layout = inner.layout() if inner is not None else None
            if layout is not None:
                layout.activate()  # a school just shown is laid out before scrolling
            self.area.ensureWidgetVisible(self.box, 0, 0)
            self.area.ensureWidgetVisible(watched, 0, 0)
            if inner is not None and watched.height() < self.area.viewport().height():
                # Whole, not only its cursor (a line edit under a tall answer showed half).
                half_w, half_h = watched.width() // 2, watched.height() // 2
                centre = watched.mapTo(inner, QPoint(half_w, half_h))
                self.area.ensureVisible(centre.x(), centre.y(), half_w, half_h)
        return False


class QuestionEditor(QGroupBox):
    def __init__(self, question: KeyQuestion, known_themes: Callable[[], list[str]]) -> None:
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
        self.themes = ThemesEdit(known_themes)
        self.themes.setAccessibleName(f"Themes of the response to question {question.number}")
        themes_label = QLabel("The&mes")
        themes_label.setBuddy(self.themes)
        themes_row = QHBoxLayout()
        themes_row.addWidget(themes_label)
        themes_row.addWidget(self.themes, 1)
        self.link = QPushButton("Link to a finding…")
        self.link.setAccessibleName(
            f"Link the response to question {question.number} to a strength or area for "
            "improvement it supports"
        )
        self.link.setToolTip(
            "Link this response to the strength or area for improvement it supports"
        )
        themes_row.addWidget(self.link)
        self.supports = QLabel()
        self.supports.setWordWrap(True)
        self.supports.setAccessibleName(
            f"Findings the response to question {question.number} supports"
        )
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
        layout.addLayout(themes_row)
        layout.addWidget(self.supports)


class ResponsesPanel(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("Responses")
        self.responses: dict[Key, Response] = {}
        self.questions: list[KeyQuestion] = []
        self.entries: list[Entry] = []
        self.editors: list[QuestionEditor] = []
        self.themes: dict[uuid.UUID, list[str]] = {}
        """Each tagged response's themes, as stored."""
        self.links: dict[uuid.UUID, list[Finding]] = {}
        """The findings each linked response supports (one read per refresh)."""
        self.schools = QListWidget()
        self.schools.setAccessibleName("Schools to record responses for")
        self.schools.setItemDelegate(ProgressDelegate(self.schools))
        self.schools.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.schools.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.schools.currentItemChanged.connect(lambda *_: self._school_chosen())
        self.only_to_do = QCheckBox("&Still to do only")
        self.only_to_do.setAccessibleName("List only schools with questions still to answer")
        self.only_to_do.toggled.connect(lambda _on: self._filter(leave_current=True))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.only_to_do)
        left_layout.addWidget(self.schools, 1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        # Wide enough at a laptop's width; narrower, a scroll bar rather than a clipped field.
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.area)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 600])  # the answers get the room; long names elide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel("<b>Responses</b> — Ctrl+Return: next question; Ctrl+Shift+Return: next school")
        )
        layout.addWidget(splitter, 1)
        QShortcut(NEXT_QUESTION.sequence(), self, self.next_question)  # listed in Help
        QShortcut(NEXT_SCHOOL.sequence(), self, self.next_school)

    # -- the list of schools -----------------------------------------------------------------

    def refresh(self) -> None:
        db, inspection = self.context.db, self.context.inspection_id
        questions = evidence.list_key_questions(db, inspection)
        self.responses = {
            (r.school_id, r.key_question_id, r.respondent): r
            for r in evidence.list_responses(db, inspection)
        }
        self.themes = themes.themes_of(db, inspection)
        self.links = support.links_of(db, inspection)
        entries = [
            Entry(row.school_id, False, row.school.urn, row.school.name)
            for row in evidence.list_inspected_schools(db, inspection)
        ]
        entries += [
            Entry(row.school_id, True, row.school.urn, row.school.name)
            for row in evidence.list_surveyed_schools(db, inspection)
        ]
        same_questions = [(q.id, q.number, q.text, q.asked_of) for q in questions] == [
            (q.id, q.number, q.text, q.asked_of) for q in self.questions
        ]
        self.questions = questions
        if entries == self.entries and same_questions:
            self._reload_editors()  # keep the editors (and the focus) while typing
            self._filter()
            return
        current = self._school()
        self.entries = entries
        self.schools.blockSignals(True)
        self.schools.clear()
        for entry in entries:
            item = QListWidgetItem(entry.label)
            item.setData(Qt.ItemDataRole.UserRole, (entry.school_id, entry.surveyed))
            self.schools.addItem(item)
            if current and current[0] == entry.school_id:
                self.schools.setCurrentItem(item)
        if self.schools.currentItem() is None and self.schools.count():
            self.schools.setCurrentRow(0)
        self.schools.blockSignals(False)
        self._show_school()
        self._filter()

    def progress(self, entry: Entry) -> Progress:
        """The school's answered questions, counting what is typed in its editors but not yet
        saved, so the count moves as the inspector types."""
        texts = {
            (question, respondent): response.text
            for (school, question, respondent), response in self.responses.items()
            if school == entry.school_id
        }
        chosen = self._school()
        if chosen is not None and chosen[0] == entry.school_id:
            for editor in self.editors:
                key = (editor.question.id, editor.respondent.currentData())
                texts[key] = editor.text.toPlainText()
        numbers = {q.id: q.number for q in self.questions}
        answered = {numbers[q] for (q, _r), text in texts.items() if text.strip() and q in numbers}
        return completeness.progress(
            ((q.number, q.asked_of) for q in self.questions), answered, surveyed=entry.surveyed
        )

    def _filter(self, *, leave_current: bool = False) -> None:
        """Show each school's progress; with "Still to do only", hide the schools with every
        question answered. The school being worked on stays listed until another is chosen
        (it would vanish under the inspector's typing otherwise), unless ``leave_current``:
        then it gives way to the next school still to do."""
        current = self.schools.currentRow()
        for row, entry in enumerate(self.entries):
            item = self.schools.item(row)
            done = self.progress(entry)
            shown = f"{done}{' ✓' if done.complete else ''}" if done.asked else ""
            item.setData(PROGRESS_ROLE, shown)
            told = (
                f"{done.answered} of {done.asked} questions answered"
                + ("" if done.complete else f"; {completeness.no_responses(done.missing)}")
                if done.asked
                else ""
            )
            item.setToolTip(f"{entry.label}\n{told}" if told else entry.label)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.label}, {told}")
            hide = self.only_to_do.isChecked() and done.complete
            self.schools.setRowHidden(row, hide and (leave_current or row != current))
        if current >= 0 and self.schools.isRowHidden(current):
            after = [r for r in range(current + 1, self.schools.count()) if self._shown(r)]
            before = [r for r in range(current) if self._shown(r)]
            self.schools.setCurrentRow((after + before[-1:] + [-1])[0])

    def _shown(self, row: int) -> bool:
        return not self.schools.isRowHidden(row)

    def _school_chosen(self) -> None:
        self._show_school()
        self._filter()  # the school left behind drops out of a "still to do" list

    def _school(self) -> tuple[uuid.UUID, bool] | None:
        item = self.schools.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_school(self, urn: str) -> bool:
        """Choose the school with this URN and put the cursor in its first unanswered question
        (the to-do bar's links come here)."""
        row = next((i for i, e in enumerate(self.entries) if e.urn == urn), -1)
        if row < 0:
            return False
        if self.schools.isRowHidden(row):
            self.only_to_do.setChecked(False)
        self.schools.setCurrentRow(row)
        missing = set(self.progress(self.entries[row]).missing)
        target = next((e for e in self.editors if e.question.number in missing), None)
        if target is None and self.editors:
            target = self.editors[0]
        if target is not None:
            target.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- the questions of one school ---------------------------------------------------------

    def _reload_editors(self) -> None:
        chosen = self._school()
        if chosen is None:
            return
        for editor in self.editors:
            if not editor.text.hasFocus():
                self._load(editor, chosen[0], editor.respondent.currentData())

    def _show_school(self) -> None:
        shown = self.area.widget()
        focused = QApplication.focusWidget()
        if shown is not None and focused is not None and shown.isAncestorOf(focused):
            # Leaving the field stores what was typed; a field deleted with the focus still in
            # it crashes Qt (another school chosen from the Analysis grid or the to-do list).
            focused.clearFocus()
        chosen = self._school()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.editors = []
        if chosen is None:
            layout.addWidget(
                QLabel(
                    "Every school listed has an answer to each of its questions. Untick "
                    "“Still to do only” to see them."
                    if self.entries
                    else "Add schools inspected or surveyed first."
                )
            )
        else:
            school_id, surveyed = chosen
            for question in self.questions:
                if not completeness.is_asked(question.asked_of, surveyed=surveyed):
                    continue
                editor = QuestionEditor(question, self._themes_used)
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
                editor.text.textChanged.connect(self._filter)  # the count moves as you type
                editor.themes.editingFinished.connect(partial(self._save_themes, editor, school_id))
                editor.link.clicked.connect(partial(self._link, editor, school_id))
                sight = KeepInSight(self.area, editor)
                fields = (
                    editor.respondent,
                    editor.judgement,
                    editor.text,
                    editor.themes,
                    editor.link,
                )
                for field in fields:
                    field.installEventFilter(sight)
                if self.context.read_only:
                    editor.text.setReadOnly(True)
                    editor.themes.setReadOnly(True)
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
        if not editor.themes.isModified():  # what is being typed there stays until stored
            editor.themes.show_themes(self.themes.get(response.id, []) if response else [])
        linked = self.links.get(response.id, []) if response else []
        editor.supports.setText(
            "Evidence for " + "; ".join(finding_name(f.kind, f.number).lower() for f in linked)
            if linked
            else ""
        )
        editor.supports.setVisible(bool(linked))

    def _load_respondent(self, editor: QuestionEditor, school_id: uuid.UUID, _index: int) -> None:
        editor.themes.setModified(False)  # another respondent's answer: its own themes
        self._load(editor, school_id, editor.respondent.currentData())

    def _link(self, editor: QuestionEditor, school_id: uuid.UUID, *_args: object) -> None:
        respondent: Respondent = editor.respondent.currentData()
        response = self.responses.get((school_id, editor.question.id, respondent))
        if response is None:
            self.context.refused(
                f"Question {editor.question.number}: type the response before linking it to a "
                "finding; nothing was linked"
            )
            return
        link_to_finding(self.context, self, [response.id])

    def _themes_used(self) -> list[str]:
        return themes.themes_used(self.context.db, self.context.inspection_id)

    def _save_themes(self, editor: QuestionEditor, school_id: uuid.UUID) -> None:
        """Store the themes typed (on Return, or on leaving the field) as one undoable edit,
        and show them as stored: a theme already used, typed in another case, takes its
        spelling."""
        editor.themes.popup.hide()
        if not editor.themes.isModified():
            return
        respondent: Respondent = editor.respondent.currentData()
        response = self.responses.get((school_id, editor.question.id, respondent))
        wanted = editor.themes.themes()
        if response is None:
            editor.themes.show_themes([])
            if wanted:
                self.context.refused(
                    f"Question {editor.question.number}: type the response before its themes; "
                    "the themes were not stored"
                )
            return
        old = self.themes.get(response.id, [])
        stored: list[str] = []

        def store(to: list[str]) -> Callable[[], None]:
            def act() -> None:
                stored[:] = themes.set_themes(self.context.db, response.id, to)

            return act

        if undoable_edit(
            self.context, "Change the themes of a response", store(wanted), store(old)
        ):
            self.themes[response.id] = list(stored)
            editor.themes.show_themes(stored)

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
        focused = next(
            (i for i, e in enumerate(self.editors) if e.text.hasFocus() or e.themes.hasFocus()),
            -1,
        )
        if focused + 1 < len(self.editors):
            self.editors[focused + 1].text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.next_school()

    def next_school(self) -> None:
        for editor in self.editors:
            if editor.text.hasFocus():
                editor.text.clearFocus()  # saves it
        row = self.schools.currentRow()
        following = [r for r in range(row + 1, self.schools.count()) if self._shown(r)]
        if following:
            self.schools.setCurrentRow(following[0])
        if self.editors:
            self.editors[0].text.setFocus(Qt.FocusReason.ShortcutFocusReason)

"""Edit › Letterhead and sender…: the settings printed on every letter (see ``preferences``)."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.files import WriteError
from coventry_inspect.gui.errors import show_error
from coventry_inspect.preferences import (
    DEFAULT_CLOSING,
    Preferences,
    read_preferences,
    save_preferences,
)

LABELS = {
    "organisation": "&Organisation",
    "address": "&Address",
    "phone": "&Phone",
    "email": "&Email",
    "website": "&Website",
    "sender_name": "Sender &name",
    "sender_title": "Sender &title",
    "direct_phone": "&Direct phone",
    "direct_email": "Direct e&mail",
    "closing": "&Closing thanks",
}
MULTILINE = {"address", "closing"}


class LetterSettingsDialog(QDialog):
    """One form for the letterhead, the sender and the closing thanks; OK saves them."""

    def __init__(self, parent: QWidget | None, preferences: Preferences) -> None:
        super().__init__(parent)
        self.setWindowTitle("Letterhead and sender")
        self.setObjectName("letterSettings")
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for field in fields(Preferences):
            value = getattr(preferences, field.name)
            editor: QLineEdit | QPlainTextEdit
            if field.name in MULTILINE:
                editor = QPlainTextEdit(value)
                editor.setTabChangesFocus(True)
                lines = 4 if field.name == "address" else 5
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 12)
            else:
                editor = QLineEdit(value)
            label = LABELS[field.name]
            editor.setAccessibleName(label.replace("&", ""))
            self.editors[field.name] = editor
            form.addRow(label, editor)
        default = QPushButton("Use the standard closing thanks")
        default.clicked.connect(lambda: self._set("closing", DEFAULT_CLOSING))
        form.addRow("", default)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Printed on every letter: the letterhead at the top right, the sender under "
            "“Yours sincerely” when an inspection names none, and the closing thanks (which "
            "each letter can reword)."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(self.sizeHint().expandedTo(QSize(560, 0)))

    def _set(self, name: str, text: str) -> None:
        editor = self.editors[name]
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)

    def preferences(self) -> Preferences:
        values = {
            name: editor.toPlainText().strip()
            if isinstance(editor, QPlainTextEdit)
            else editor.text().strip()
            for name, editor in self.editors.items()
        }
        return replace(Preferences(), **values)


def edit_letter_settings(parent: QWidget) -> LetterSettingsDialog | None:
    """Show the dialog (modal) and save on OK; returns the dialog once closed, None if unsaved."""
    preferences, problem = read_preferences()
    if problem:
        show_error(parent, "Letterhead and sender", problem)
    dialog = LetterSettingsDialog(parent, preferences)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        save_preferences(dialog.preferences())
    except WriteError as error:
        show_error(parent, "Letterhead and sender", str(error))
        return None
    return dialog

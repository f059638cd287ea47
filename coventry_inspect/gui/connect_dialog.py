"""File › Connect to team database…: the team's PostgreSQL server, its database, who you are and
your password. The password is kept in the system keyring if you tick the box (never in the
settings file); the address is remembered in Open recent without it."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import URL, make_url

from coventry_inspect.store.database import Database, check_connection, open_database
from coventry_inspect.store.errors import DatabaseError
from coventry_inspect.store.passwords import (
    forget_password,
    keyring_problem,
    remember_password,
    stored_password,
    with_password,
    without_password,
)

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow

DEFAULT_PORT = 5432
FAILED = "color: #a00000; font-weight: bold"
PASSED = "color: #006000"


class ConnectDialog(QDialog):
    """Asks where the team database is and who you are; Connect opens it (the caller shows it)."""

    def __init__(self, parent: QWidget | None, target: str | None = None, why: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to team database")
        self.database: Database | None = None
        url = make_url(target) if target else None
        self.host = self._line("localhost" if url is None else url.host or "localhost", "Host")
        self.port = self._line(str(url.port or DEFAULT_PORT) if url else str(DEFAULT_PORT), "Port")
        self.port.setValidator(QIntValidator(1, 65535, self))
        self.name = self._line(url.database or "" if url else "", "Database")
        self.user = self._line(url.username or "" if url else _login_name(), "User name")
        self.password = self._line("", "Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("&Remember the password in the system keyring")
        problem = keyring_problem()
        self.keyring_note = QLabel(problem or "")
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(problem is not None)
        self.remember.setEnabled(problem is None)
        if url is not None and problem is None:
            self.remember.setChecked(stored_password(target or "") is not None)

        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.name)
        form.addRow("&User name:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.remember)
        form.addRow("", self.keyring_note)
        self.status = QLabel(_sentence(why))
        self.status.setObjectName("connectStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(FAILED if why else "")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.test_button = QPushButton("&Test")
        self.test_button.setAutoDefault(False)
        self.connect_button = QPushButton("&Connect")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.test_button.clicked.connect(self.test)
        self.connect_button.clicked.connect(self.connect_database)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "The team's PostgreSQL server: everyone on the team works in the same database, "
            "and sees the others' changes as they are made."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for button in buttons.buttons():  # Return connects, from any field
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.connect_button.setDefault(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 44)
        (self.password if url is not None and url.database else self.host).setFocus()

    def _line(self, text: str, name: str) -> QLineEdit:
        line = QLineEdit(text)
        line.setAccessibleName(name)
        line.setObjectName(name.lower().replace(" ", "_"))
        return line

    def target(self) -> str:
        """The database's address as entered, without the password."""
        url = URL.create(
            "postgresql+psycopg",
            username=self.user.text().strip() or None,
            host=self.host.text().strip() or "localhost",
            port=int(self.port.text()) if self.port.text().strip() else DEFAULT_PORT,
            database=self.name.text().strip() or None,
        )
        return url.render_as_string(hide_password=False)

    def _missing(self) -> str | None:
        for field, line in (("database", self.name), ("user name", self.user)):
            if not line.text().strip():
                line.setFocus()
                return f"Enter the {field}"
        return None

    def _with_password(self) -> str:
        password = self.password.text()
        return with_password(self.target(), password) if password else self.target()

    def _say(self, message: str, *, failed: bool) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(FAILED if failed else PASSED)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for the whole message, however many lines it wraps to."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_height()  # a message given when opened (the password asked for)

    def test(self) -> None:
        """Connect and disconnect, changing nothing, and say what was found."""
        if missing := self._missing():
            self._say(missing, failed=True)
            return
        try:
            found = check_connection(self._with_password())
        except DatabaseError as error:
            self._say(_sentence(str(error)), failed=True)
            return
        self._say(found, failed=False)

    def connect_database(self) -> None:
        """Open the database (setting it up if it is empty); keep or forget the password."""
        if missing := self._missing():
            self._say(missing, failed=True)
            return
        try:
            self.database = open_database(self._with_password(), create=True)
        except DatabaseError as error:
            self._say(_sentence(str(error)), failed=True)
            self.password.setFocus()
            self.password.selectAll()
            return
        password = self.password.text()
        if self.remember.isChecked() and password:
            remember_password(self.target(), password)
        elif not self.remember.isChecked():
            forget_password(self.target())
        self.accept()


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def connect_to_team(window: MainWindow, target: str | None = None, why: str = "") -> ConnectDialog:
    """Open the dialog (for ``target``, asking for its password, when given); once connected,
    the window shows the database."""
    dialog = ConnectDialog(window, without_password(target) if target else None, why)
    dialog.accepted.connect(lambda: _show(window, dialog))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def _show(window: MainWindow, dialog: ConnectDialog) -> None:
    if dialog.database is not None:
        window.show_database(dialog.database)

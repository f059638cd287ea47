"""File dialogs that never open the files they list.

Qt's dialogs learn a file's type (for its icon and "Type" column) by reading its first bytes,
and so does a native GTK dialog running in this process. Opening and closing the open
database's file, or its ``-wal``/``-shm``, drops SQLite's locks on it for the whole process
(POSIX locks belong to the process, and any close releases them); a command run meanwhile then
believes it is alone, deletes the WAL on closing, and every later edit in the window goes into
a deleted file. These dialogs name files by kind alone.

They open in the folder last used for that kind of file (remembered in the settings), else in
the documents folder, never in the folder the application was started from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QFileInfo, QStandardPaths
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget

if TYPE_CHECKING:
    from coventry_inspect.gui.settings import Settings

FileKind = Literal["database", "workbook", "pdf", "register"]
"""Each kind of file remembers its own last folder: databases are kept in one place, the
workbooks and letters of an inspection in another."""


class KindOnlyIcons(QFileIconProvider):
    """A folder icon or a file icon, without looking inside anything."""

    def icon(self, what: QFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        return "Folder" if info.isDir() else f"{info.suffix().upper()} file".lstrip()


_ICONS: KindOnlyIcons | None = None


def make_dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    global _ICONS
    if _ICONS is None:
        _ICONS = KindOnlyIcons()
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # a native one may read files too
    dialog.setIconProvider(_ICONS)
    return dialog


def documents_folder() -> str:
    """The user's documents folder, or their home folder when it has none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def start_folder(settings: Settings | None, kind: FileKind) -> str:
    """Where a dialog for this kind of file opens: the folder last used for it while it still
    exists, else the documents folder."""
    last = settings.last_folder(kind) if settings is not None else ""
    return last if last and Path(last).is_dir() else documents_folder()


_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))} | {
    f"LPT{n}" for n in range(1, 10)
}


def file_name(stem: str, suffix: str, qualifier: str = "") -> str:
    """The name suggested for a file made from an inspection (``NOR-2014-01.xlsx``,
    ``NOR-2014-01-template.xlsx``): characters Windows does not allow in names become "-",
    and a name Windows reserves (CON, LPT1…) or a blank one is made safe."""
    name = "-".join(part for part in (stem.strip(), qualifier) if part)
    name = _FORBIDDEN.sub("-", name).strip(" .-")
    if not name:
        name = "inspection"
    if name.split(".")[0].upper() in _RESERVED:
        name = f"{name}-file"
    return f"{name}{suffix}"


def _chosen(dialog: QFileDialog, settings: Settings | None, kind: FileKind) -> tuple[str, str]:
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    chosen = dialog.selectedFiles()[0]
    if settings is not None:
        settings.remember_folder(kind, str(Path(chosen).parent))
    return chosen, dialog.selectedNameFilter()


def open_file_name(
    parent: QWidget | None,
    caption: str,
    kind: FileKind,
    filters: str = "",
    settings: Settings | None = None,
) -> tuple[str, str]:
    """An existing file the user picks, and the filter shown; ("", "") when cancelled. The
    dialog opens where this kind of file was last found (see :func:`start_folder`)."""
    dialog = make_dialog(parent, caption, start_folder(settings, kind), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog, settings, kind)


def save_file_name(
    parent: QWidget | None,
    caption: str,
    kind: FileKind,
    name: str,
    filters: str = "",
    settings: Settings | None = None,
) -> tuple[str, str]:
    """Where to save (the dialog asks before replacing a file); ("", "") when cancelled. It
    opens where this kind of file was last saved, with ``name`` suggested."""
    dialog = make_dialog(parent, caption, start_folder(settings, kind), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(Path(name).suffix.lstrip("."))  # "for the team" saves as .xlsx
    dialog.selectFile(name)
    return _chosen(dialog, settings, kind)


def pdf_path(
    parent: QWidget | None, caption: str, stem: str, settings: Settings | None = None
) -> Path | None:
    """Where to save a PDF named after ``stem``, always ending ".pdf"; None when cancelled."""
    path, _ = save_file_name(
        parent, caption, "pdf", file_name(stem, ".pdf"), "PDF documents (*.pdf)", settings
    )
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")

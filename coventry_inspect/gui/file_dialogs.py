"""File dialogs that never open the files they list.

Qt's dialogs learn a file's type (for its icon and "Type" column) by reading its first bytes,
and so does a native GTK dialog running in this process. Opening and closing the open
database's file, or its ``-wal``/``-shm``, drops SQLite's locks on it for the whole process
(POSIX locks belong to the process, and any close releases them); a command run meanwhile then
believes it is alone, deletes the WAL on closing, and every later edit in the window goes into
a deleted file. These dialogs name files by kind alone.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget


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


def _chosen(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """An existing file the user picks, and the filter shown; ("", "") when cancelled."""
    dialog = make_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """Where to save (the dialog asks before replacing a file); ("", "") when cancelled."""
    dialog = make_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _chosen(dialog)

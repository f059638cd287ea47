"""The application's settings, declared once over QSettings (an INI file in the config folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from coventry_inspect import paths

T = TypeVar("T")
MAX_RECENT = 8


class Option(Generic[T]):
    """One setting: its key, type and default, read and written as an attribute."""

    def __init__(self, key: str, kind: type[T], default: T) -> None:
        self.key, self.kind, self.default = key, kind, default

    def __get__(self, settings: Settings, _owner: type | None = None) -> T:
        value = settings.store.value(self.key, self.default)
        if self.kind is list:
            if value in (None, ""):
                return self.default
            return list(value) if isinstance(value, list | tuple) else [value]  # type: ignore[return-value]
        if self.kind is QByteArray and not isinstance(value, QByteArray):
            return self.default
        return value  # type: ignore[return-value]

    def __set__(self, settings: Settings, value: T) -> None:
        settings.store.setValue(self.key, value)


class Settings:
    last_database = Option("files/last_database", str, "")
    recent_databases = Option("files/recent_databases", list, [])
    geometry = Option("window/geometry", QByteArray, QByteArray())
    main_splitter = Option("window/main_splitter", QByteArray, QByteArray())
    navigation_splitter = Option("window/navigation_splitter", QByteArray, QByteArray())

    def __init__(self, path: Path | None = None) -> None:
        path = path or paths.config_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.store = QSettings(str(path), QSettings.Format.IniFormat)

    def remember_database(self, target: str) -> None:
        recent = [t for t in self.recent_databases if t != target]
        self.recent_databases = [target, *recent][:MAX_RECENT]
        self.last_database = target

    def last_folder(self, kind: str) -> str:
        """The folder a file of this kind was last opened from or saved in ("" if none)."""
        value = self.store.value(f"folders/{kind}", "")
        return value if isinstance(value, str) else ""

    def remember_folder(self, kind: str, folder: str) -> None:
        self.store.setValue(f"folders/{kind}", folder)

    def sync(self) -> None:
        self.store.sync()

    def value(self, key: str) -> Any:
        return self.store.value(key)

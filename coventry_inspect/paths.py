"""Every path the application uses, in one place so tests can redirect them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "CoventryInspect"
DB_ENV = "COVENTRY_INSPECT_DB"
DEFAULT_DB_NAME = "coventry-inspect.sqlite"


def config_file() -> Path:
    """The settings file (window layout, recent databases)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.ini"


def log_file() -> Path:
    """Where unexpected errors are written in full."""
    return data_dir() / "coventry-inspect.log"


def data_dir() -> Path:
    """The per-user data folder (created on demand)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> str:
    """The database used when none is named: ``$COVENTRY_INSPECT_DB`` or the data folder's file."""
    return os.environ.get(DB_ENV) or str(data_dir() / DEFAULT_DB_NAME)


def resources_dir() -> Path:
    """``resources/`` beside the package in a source tree, inside the installed wheel, or in the
    folder a PyInstaller build unpacks its data to (``sys._MEIPASS``; packaging/)."""
    package = Path(__file__).resolve().parent
    candidates = [package.parent / "resources", package / "_resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the application's resources folder is missing")

"""The sender's settings printed on every letter: the letterhead, the sender and the closing thanks.

Plain Python (JSON in the user config folder, or ``$COVENTRY_INSPECT_CONFIG``), so the command
line reads the same settings as the window without Qt. A file that cannot be read gives the
defaults and one line saying why; it is never a traceback.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import platformdirs

from coventry_inspect.files import write_atomically, write_error

CONFIG_ENV = "COVENTRY_INSPECT_CONFIG"
FILE_NAME = "letter-settings.json"

DEFAULT_CLOSING = (
    "Please pass on my thanks to the headteachers, governors, local authority officers and your "
    "Lead Member for Education who gave their time to talk with our inspectors during the focused "
    "inspection week. I look forward to meeting with you to discuss the outcomes of the "
    "inspections."
)


@dataclass(frozen=True)
class Preferences:
    """What the sender sets once. Empty text leaves that line out of the letterhead."""

    organisation: str = ""
    address: str = ""
    """One or more lines."""
    phone: str = ""
    email: str = ""
    website: str = ""
    sender_name: str = ""
    """Signs the letter when the inspection names no sender."""
    sender_title: str = ""
    direct_phone: str = ""
    direct_email: str = ""
    closing: str = DEFAULT_CLOSING
    """The closing thanks, before "Yours sincerely"; each letter may reword it."""

    def letterhead(self) -> str:
        """The block at the top right of the letter, as the reference letter sets it: the
        organisation's name, address, phone, email and website, then the sender's direct line."""
        main = [self.organisation, *self.address.splitlines()]
        main += [f"T {self.phone}" if self.phone else "", self.email, self.website]
        direct = [f"Direct T {self.direct_phone}" if self.direct_phone else "", self.direct_email]
        groups = ["\n".join(x.strip() for x in group if x.strip()) for group in (main, direct)]
        return "\n\n".join(group for group in groups if group)


def preferences_file() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("CoventryInspect", appauthor=False)) / FILE_NAME


def read_preferences(path: Path | None = None) -> tuple[Preferences, str]:
    """The saved settings and "" — or the defaults and a one-line reason the file was not used."""
    path = path or preferences_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences(), ""
    except (OSError, UnicodeDecodeError) as error:
        return (
            Preferences(),
            f"{path}: the letter settings could not be read ({_reason(error)}); using the defaults",
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Preferences(), (
            f"{path}: the letter settings are not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg}); using the defaults"
        )
    if not isinstance(data, dict):
        return (
            Preferences(),
            f"{path}: the letter settings are not a JSON object; using the defaults",
        )
    known = {f.name for f in fields(Preferences)}
    wrong = sorted(k for k, v in data.items() if k in known and not isinstance(v, str))
    if wrong:
        return Preferences(), (
            f"{path}: the letter setting {wrong[0]!r} is not text; using the defaults"
        )
    return replace(Preferences(), **{k: v for k, v in data.items() if k in known}), ""


def load_preferences() -> Preferences:
    """The settings, or the defaults when the file is missing or unreadable."""
    return read_preferences()[0]


def save_preferences(preferences: Preferences, path: Path | None = None) -> Path:
    """Write the settings whole or not at all; raises ``WriteError`` (one line) on failure."""
    path = path or preferences_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(path, error) from error
    text = json.dumps(asdict(preferences), indent=2, ensure_ascii=False) + "\n"

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    write_atomically(path, write)
    return path


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)

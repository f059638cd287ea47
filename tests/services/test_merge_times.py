"""A conflict says when each side changed in the time on the wall, as a refused edit does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from coventry_inspect.services.concurrency import clock
from coventry_inspect.services.merge_plan import Conflict, Side


@pytest.fixture
def in_london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_summer_times_read_as_british_summer_time(in_london: None) -> None:
    stored = datetime(2013, 7, 12, 14, 2)  # UTC, as the database keeps it
    conflict = Conflict(
        "Schools inspected",
        "URN 990005",
        "Outcome grade",
        Side("Requires improvement", "lead", stored),
        Side("Inadequate", "jsmith", datetime(2013, 7, 12, 15, 40)),
    )
    assert conflict.line() == (
        'Schools inspected, URN 990005, "Outcome grade": here Requires improvement '
        "(lead, 12 Jul 15:02), there Inadequate (jsmith, 12 Jul 16:40)"
    )
    assert clock(stored, now=datetime(2013, 7, 20).astimezone()) == "on 12 Jul at 15:02"

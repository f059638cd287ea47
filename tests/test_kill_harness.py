"""No committed edit is lost when the process is killed (DESIGN §7): 200 SIGKILLs at random
moments of a stream of edits; after each, the file passes integrity_check and holds every edit
the child reported committed, with its history."""

from __future__ import annotations

from pathlib import Path

from tests.kill_harness import check, kill_repeatedly


def test_two_hundred_kills_lose_no_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    expected = kill_repeatedly(path, kills=200, seed=8)
    # The kills landed while work was going on: plenty of edits were reported and kept (each
    # kill waits for 0 to 4 committed edits, so this does not depend on the machine's speed).
    assert expected.edits >= 300
    assert expected.deleted
    assert check(path, expected) == []

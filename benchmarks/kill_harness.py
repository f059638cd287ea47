"""1,000 SIGKILLs at random moments of a stream of edits (the suite runs 200): after each, the
file passes integrity_check and holds every edit reported committed, with its history.

    .venv/bin/python benchmarks/kill_harness.py [--kills 1000] [--seed 2026]

Prints the kills survived, the edits reported committed and kept, and the time per kill against
a floor measured in the same run (starting and killing an idle child the same way).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _idle(say: object) -> None:
    say.send_bytes(b"ready")  # type: ignore[attr-defined]
    time.sleep(60)


def floor(kills: int) -> float:
    """Seconds per start-and-kill of a child that does nothing."""
    from tests.kill_harness import _CONTEXT

    start = time.perf_counter()
    for _ in range(kills):
        receiving, sending = _CONTEXT.Pipe(duplex=False)
        child = _CONTEXT.Process(target=_idle, args=(sending,))
        child.start()
        sending.close()
        receiving.recv_bytes()
        child.kill()
        child.join()
        child.close()
        receiving.close()
    return (time.perf_counter() - start) / kills


def main() -> int:
    from tests.kill_harness import check, kill_repeatedly

    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "killed.sqlite"
        started = time.perf_counter()
        expected = kill_repeatedly(
            path,
            args.kills,
            args.seed,
            lambda done: print(f"\r{done} kills", end="", file=sys.stderr, flush=True),
        )
        print(file=sys.stderr)
        per_kill = (time.perf_counter() - started) / args.kills
        assert check(path, expected) == []
    idle = floor(min(args.kills, 100))
    print(f"kills survived: {args.kills} of {args.kills}")
    print(
        f"edits reported committed and found after the kills: {expected.edits} "
        f"({len(expected.added)} added, {len(expected.noted)} changed, "
        f"{len(expected.deleted)} deleted)"
    )
    print(
        f"per kill: {per_kill * 1000:.0f} ms against {idle * 1000:.0f} ms for an idle child "
        "(the rest is waiting for up to four committed edits and up to 20 ms more, and the check)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

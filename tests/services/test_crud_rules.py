"""The domain's checks are one set, whichever service modules a process imported."""

from __future__ import annotations

import subprocess
import sys


def test_every_domain_check_applies_whatever_a_command_imported() -> None:
    """A fresh process that imports only crud (as a command line merge or import does) still
    checks findings, judgements and recommendations: the checks no longer depend on which
    service modules happened to be imported."""
    probe = (
        "from coventry_inspect.services import crud\n"
        "from coventry_inspect.services.errors import ValidationError\n"
        "from coventry_inspect.store.models import Finding, Recommendation\n"
        "for row in (Finding(statement=' '), Recommendation(text='')):\n"
        "    try:\n"
        "        crud.validate(row)\n"
        "    except ValidationError:\n"
        "        continue\n"
        "    raise SystemExit(f'{type(row).__name__} was not checked')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")

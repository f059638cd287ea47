"""The command line on a team database that asks for a password: the keyring first, then libpq's
own PGPASSWORD, then the terminal; with none of them, one line and exit 1."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coventry_inspect.store.passwords import SERVICE, account
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.postgresql
REPOSITORY = Path(__file__).resolve().parents[1]
PASSWORD = "team-pass-1"


@pytest.fixture
def team_url(postgres_server: PostgresServer) -> Iterator[str]:
    with postgres_server.password_database("teamcli", PASSWORD) as url:
        yield url


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(REPOSITORY)  # the tests' keyring backend
    env.update(extra)
    return env


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "coventry_inspect", *args],
        capture_output=True,
        text=True,
        env=environment(**extra),
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done


def test_no_password_anywhere_and_no_terminal_is_one_line(team_url: str) -> None:
    done = run("list", "--db", team_url)
    assert done.returncode == 1
    where = team_url.split("://")[1]
    assert done.stderr == (
        f"coventry-inspect: the team database {where} needs a password; "
        "no terminal to ask for it: keep it in the system keyring (File › Connect to team "
        "database…), in PGPASSWORD or in ~/.pgpass\n"
    )


def test_libpq_s_own_password_and_the_keyring_are_used(team_url: str, test_keyring: Path) -> None:
    assert run("list", "--db", team_url, PGPASSWORD=PASSWORD).stdout == "no inspections\n"
    from tests.file_keyring import FileKeyring

    FileKeyring().set_password(SERVICE, account(team_url), PASSWORD)
    assert run("example", "--db", team_url).returncode == 0
    assert "COV-2013-03" in run("list", "--db", team_url).stdout
    letter = run("letter", "--db", team_url, "--inspection", "COV-2013-03", "--text")
    assert "Eleven schools were inspected" in letter.stdout
    FileKeyring().set_password(SERVICE, account(team_url), "stale")
    done = run("list", "--db", team_url)
    assert done.returncode == 1
    assert done.stderr.startswith("coventry-inspect: wrong password for teamcli@127.0.0.1:")


def test_a_password_in_the_address_is_never_printed(team_url: str) -> None:
    wrong = team_url.replace("teamcli@", "teamcli:not-it@")
    done = run("list", "--db", wrong)
    assert done.returncode == 1
    assert "not-it" not in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(("typed", "status"), [(PASSWORD, 0), ("nope", 1)])
def test_at_a_terminal_the_password_is_asked_for(team_url: str, typed: str, status: int) -> None:
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "coventry_inspect", "list", "--db", team_url],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        start_new_session=True,  # no controlling terminal: getpass reads the one on stdin
    )
    os.close(terminal)
    try:
        assert process.stderr is not None
        prompt = b""
        deadline = time.monotonic() + 60
        while b"Password for " not in prompt and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 1)
            if ready:
                prompt += os.read(process.stderr.fileno(), 1000)
        assert prompt == f"Password for {account(team_url)}: ".encode()
        os.write(controller, f"{typed}\n".encode())
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    assert process.returncode == status, err
    if status == 0:
        assert out == b"no inspections\n"
    else:
        assert err.decode().strip().startswith("coventry-inspect: wrong password for teamcli@")
        assert typed not in err.decode()

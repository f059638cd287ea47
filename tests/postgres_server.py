"""A throw-away PostgreSQL server for the test session: Debian's binaries, a temp data folder,
a loopback port. The server refuses to run as root, so as root it runs as ``postgres``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg


def server_binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql: "
            "install Debian's postgresql package (.ci/run does)"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    port: int

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new empty database for one test, dropped afterwards. Yields its SQLAlchemy URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"
        finally:
            with psycopg.connect(self.admin_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def password_database(self, role: str, password: str) -> Iterator[str]:
        """A new empty database owned by ``role``, who must give ``password`` (scram-sha-256;
        every other role is still trusted). Yields its URL without the password."""
        with psycopg.connect(self.admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
            admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
            hba = Path(admin.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
            rule = f"host all {role} 127.0.0.1/32 scram-sha-256\n"
            if rule not in hba.read_text(encoding="utf-8"):
                hba.write_text(rule + hba.read_text(encoding="utf-8"), encoding="utf-8")
                admin.execute("SELECT pg_reload_conf()")
            name = f"t_{uuid.uuid4().hex[:12]}"
            admin.execute(f'CREATE DATABASE "{name}" OWNER "{role}"')
        url = f"postgresql+psycopg://{role}@127.0.0.1:{self.port}/{name}"
        _wait_for_password_rule(f"host=127.0.0.1 port={self.port} dbname={name} user={role}")
        try:
            yield url
        finally:
            with psycopg.connect(self.admin_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_password_rule(conninfo: str) -> None:
    """The server reloads its rules in the background: wait until it asks for the password."""
    for _attempt in range(100):
        try:
            psycopg.connect(conninfo, password="", passfile="/nonexistent").close()
        except psycopg.OperationalError as error:
            if "password" in str(error):
                return
        time.sleep(0.05)
    raise RuntimeError("the test server never began asking for the password")


@contextmanager
def running_server() -> Iterator[PostgresServer]:
    binaries = server_binaries()
    root = Path(tempfile.mkdtemp(prefix="coventry-pg-"))
    root.chmod(0o755)
    data = root / "data"
    data.mkdir()
    as_root = os.geteuid() == 0
    user = "postgres" if as_root else None
    if as_root:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run(args, check=True, user=user, capture_output=True, cwd=root)

    run(
        str(binaries / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
    )
    options = f"-F -p {port} -k {root} -c listen_addresses=127.0.0.1"
    run(
        str(binaries / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(root / "log"),
        "-w",
        "start",
    )
    try:
        yield PostgresServer(port=port)
    finally:
        subprocess.run(
            [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            user=user,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)

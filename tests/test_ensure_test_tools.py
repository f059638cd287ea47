"""`make test` on a fresh machine: scripts/ensure-test-tools.sh installs what the tests need where
it may, and otherwise stops at once with the one command to run. Run against stub commands on a
PATH of their own, so nothing is installed and no root is needed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ensure-test-tools.sh"
TOOLS = [
    "pdftotext",
    "pdftoppm",
    "pdffonts",
    "pdfinfo",
    "soffice",
    "desktop-file-validate",
    "appstreamcli",
    "objdump",
]
LIBRARIES = [
    "libEGL.so.1",
    "libGL.so.1",
    "libxkbcommon.so.0",
    "libfontconfig.so.1",
    "libdbus-1.so.3",
    "libglib-2.0.so.0",
]
# What the stub apt-get "installs": the tools and libraries of each package.
PROVIDES = {"poppler-utils": ["pdffonts"], "postgresql": [], "libegl1": []}


def stub(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


class Machine:
    """A PATH of stubs: every tool present unless removed; ``uid`` is what ``id -u`` says."""

    def __init__(self, root: Path, uid: int) -> None:
        self.bin = root / "bin"
        self.bin.mkdir()
        self.postgres = root / "postgresql"
        self.apt_log = root / "apt.log"
        self.libraries = root / "libraries"
        self.libraries.write_text(
            "".join(f"\t{name} (libc6,x86-64) => /lib/{name}\n" for name in LIBRARIES)
        )
        for name in (
            "bash",
            "env",
            "dirname",
            "touch",
            "mkdir",
            "chmod",
        ):  # the stubs use the last three
            found = shutil.which(name)
            assert found, name
            (self.bin / name).symlink_to(found)
        for tool in TOOLS:
            stub(self.bin / tool, "exit 0")
        stub(self.bin / "id", f'[ "$1" = -u ] && echo {uid}')
        stub(self.bin / "sudo", "exit 1")  # no password-less sudo
        stub(self.bin / "ldconfig", f'printf "%s\\n" "$(<"{self.libraries}")"')
        stub(self.bin / "python-stub", "exit 0")
        installs = "\n".join(
            f'  [[ " $* " == *" {package} "* ]] && touch "{self.bin}/{tool}" '
            f'&& chmod +x "{self.bin}/{tool}"'
            for package, tools in PROVIDES.items()
            for tool in tools
        )
        stub(
            self.bin / "apt-get",
            f'echo "$*" >> "{self.apt_log}"\nif [ "$1" = install ]; then\n{installs}\n'
            f'  [[ " $* " == *" postgresql "* ]] && mkdir -p "{self.postgres}/15/bin" '
            f'&& touch "{self.postgres}/15/bin/initdb"\n  true\nfi',
        )
        (self.postgres / "15" / "bin").mkdir(parents=True)
        (self.postgres / "15" / "bin" / "initdb").touch()

    def remove(self, tool: str) -> None:
        (self.bin / tool).unlink()

    def run(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "bash"), str(SCRIPT)],
            env={
                "PATH": str(self.bin),
                "PYTHON": str(self.bin / "python-stub"),
                "POSTGRES_ROOT": str(self.postgres),
                "HOME": os.environ.get("HOME", "/"),
            },
            capture_output=True,
            text=True,
            timeout=30,
        )

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def user(tmp_path: Path) -> Machine:
    return Machine(tmp_path, uid=1000)


def test_with_everything_present_it_says_nothing_and_installs_nothing(user: Machine) -> None:
    result = user.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert user.apt_calls() == []


def test_a_user_who_may_not_install_gets_the_one_command_and_exit_1(user: Machine) -> None:
    user.remove("pdffonts")
    result = user.run()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "The tests need pdffonts. Run:",
        "  sudo apt-get update && sudo apt-get install -y poppler-utils",
    ]
    assert user.apt_calls() == []


def test_several_missing_things_make_one_command(user: Machine) -> None:
    user.remove("pdffonts")
    user.remove("soffice")
    shutil.rmtree(user.postgres / "15")
    user.libraries.write_text(user.libraries.read_text().replace("libEGL.so.1", "libOther.so.1"))
    result = user.run()
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "  sudo apt-get update && sudo apt-get install -y poppler-utils libreoffice-calc-nogui postgresql libegl1"
    )
    assert user.apt_calls() == []


def test_root_installs_after_updating_then_checks_again(tmp_path: Path) -> None:
    root = Machine(tmp_path, uid=0)
    root.remove("pdffonts")
    shutil.rmtree(root.postgres / "15")
    result = root.run()
    assert result.returncode == 0, result.stderr
    assert root.apt_calls() == [
        "update -qq",
        "install -y -qq --no-install-recommends poppler-utils postgresql",
    ]
    assert (root.bin / "pdffonts").exists()


def test_an_install_that_does_not_provide_the_tool_fails_naming_it(tmp_path: Path) -> None:
    root = Machine(tmp_path, uid=0)
    root.remove("appstreamcli")  # the stub apt-get provides no appstreamcli
    result = root.run()
    assert result.returncode == 1
    assert "Still missing after installing: appstreamcli (packages appstream)" in result.stderr

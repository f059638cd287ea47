"""The team database's password: kept in the system keyring when there is one, never in the
settings file, and never in the database address the application remembers or shows.

Any keyring backend may fail in its own way (no D-Bus session, a locked keychain, a refused
prompt), so every keyring call here treats any exception as "no keyring"."""

from __future__ import annotations

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

SERVICE = "Coventry Inspect team database"
NO_KEYRING = (
    "This computer has no system keyring, so the password cannot be remembered: "
    "it will be asked for each time"
)


def without_password(target: str) -> str:
    """The address with any password taken out (what is remembered, shown and logged)."""
    url = make_url(target)
    return url._replace(password=None).render_as_string(hide_password=False)


def with_password(target: str, password: str) -> str:
    return make_url(target).set(password=password).render_as_string(hide_password=False)


def password_in(target: str) -> str | None:
    """The password written in the address, if any (None for an address that does not parse:
    opening it says what is wrong)."""
    try:
        password = make_url(target).password
    except ArgumentError:
        return None
    return None if password is None else str(password)


def account(target: str) -> str:
    """The keyring's name for one user on one database of one server."""
    url: URL = make_url(target)
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def keyring_problem() -> str | None:
    """None when a usable keyring is available, else why the password cannot be remembered."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        usable = not isinstance(backend, fail.Keyring) and backend.priority > 0
    except Exception:
        usable = False
    return None if usable else NO_KEYRING


def stored_password(target: str) -> str | None:
    """The password the keyring keeps for this address, if any."""
    if keyring_problem() is not None:
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, account(target))
    except Exception:
        return None


def remember_password(target: str, password: str) -> bool:
    """Keep the password in the keyring; False (nothing kept) when there is no usable keyring."""
    if keyring_problem() is not None:
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, account(target), password)
    except Exception:
        return False
    return True


def forget_password(target: str) -> None:
    if keyring_problem() is not None:
        return
    try:
        import keyring

        if keyring.get_password(SERVICE, account(target)) is not None:
            keyring.delete_password(SERVICE, account(target))
    except Exception:
        return

"""Find in responses: a full-text index of every response's text, filled for existing rows.

- SQLite: ``response_search``, an FTS5 table over ``response`` (external content, its rows are
  the responses' rowids) with ``text`` and ``inspection_id`` indexed, accents and case folded by
  the ``unicode61`` tokenizer, prefixes of 2 and 3 letters indexed for search-as-you-type;
  triggers keep it in step with every insert, delete (cascades too) and change of text.
- PostgreSQL: ``search_fold(text)`` (accented Latin letters made plain, then lower case: no
  extension needed; a text all ASCII skips the translation, which costs its length times the
  488 letters); ``response.search_vector``, a stored generated column holding
  ``to_tsvector('simple', search_fold(text))`` (so ranking reads it instead of folding every
  matching text again), and a GIN index on it.

See :mod:`coventry_inspect.store.search_index`.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import unicodedata
from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "text, inspection_id"
_NEW = "new.rowid, new.text, new.inspection_id"
_FORGET = (
    "INSERT INTO response_search(response_search, rowid, text, inspection_id) "
    "VALUES ('delete', old.rowid, old.text, old.inspection_id);"
)
_ADD = f"INSERT INTO response_search(rowid, {_COLUMNS}) VALUES ({_NEW});"


def _plain_letters() -> tuple[str, str]:
    """Each accented Latin letter (Latin-1, Extended-A and -B, Extended Additional) and the
    plain letter it decomposes to, as translate()'s two strings."""
    accented, plain = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if (
            len(parts) > 1
            and parts[0].isascii()
            and parts[0].isalpha()
            and all(unicodedata.combining(mark) for mark in parts[1:])
        ):
            accented.append(letter)
            plain.append(parts[0])
    return "".join(accented), "".join(plain)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE response_search USING fts5({_COLUMNS}, content='response', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        op.execute(
            f"CREATE TRIGGER response_search_insert AFTER INSERT ON response BEGIN {_ADD} END"
        )
        op.execute(
            f"CREATE TRIGGER response_search_delete AFTER DELETE ON response BEGIN {_FORGET} END"
        )
        op.execute(
            "CREATE TRIGGER response_search_update AFTER UPDATE OF text, inspection_id "
            f"ON response BEGIN {_FORGET} {_ADD} END"
        )
        op.execute("INSERT INTO response_search(response_search) VALUES ('rebuild')")
        return
    accented, plain = _plain_letters()
    op.execute(
        "CREATE FUNCTION search_fold(words text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        "PARALLEL SAFE AS $$ SELECT lower(CASE WHEN octet_length(words) = char_length(words) "
        f"THEN words ELSE translate(words, '{accented}', '{plain}') END) $$"
    )
    op.execute(
        "ALTER TABLE response ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, search_fold(text))) STORED"
    )
    op.execute("CREATE INDEX ix_response_search ON response USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS response_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS response_search")
        return
    op.execute("DROP INDEX IF EXISTS ix_response_search")
    op.execute("ALTER TABLE response DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS search_fold(text)")

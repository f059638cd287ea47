"""The full-text index of response texts (migration 0009), named in one place.

SQLite: ``response_search``, an FTS5 table over ``response`` (external content: the words are
indexed, the text stays in ``response``) with the columns ``text`` and ``inspection_id``, kept
in step by three triggers. Its rows are the responses' rowids. ``response`` has no INTEGER
PRIMARY KEY, but it has indexes, so VACUUM and VACUUM INTO copy its rowids as they are; a
migration that rebuilds ``response`` (a batch ALTER copies it to a new table) drops the
triggers with it and must recreate them and ``'rebuild'`` the index.

PostgreSQL: ``response.search_vector``, a stored generated column holding
``to_tsvector('simple', search_fold(text))``, and a GIN index on it; ``search_fold`` turns
accented Latin letters into their plain letters and lowercases (the ``unaccent`` extension may
not be installable on a team server; this needs nothing). The database computes the column on
every insert and update: the models never name it.

None of these is a model: :func:`include_object` keeps them out of Alembic's comparisons.
"""

from __future__ import annotations

from typing import Any

SEARCH_TABLE = "response_search"
"""The FTS5 table (SQLite); its shadow tables are named ``response_search_*``."""
SEARCH_INDEX = "ix_response_search"
"""The GIN index (PostgreSQL)."""
SEARCH_COLUMN = "search_vector"
"""The generated tsvector column of ``response`` (PostgreSQL)."""
FOLD_FUNCTION = "search_fold"
"""The SQL function (PostgreSQL) that folds accents and case, in the index and in queries."""


def is_search_object(name: str | None) -> bool:
    """Whether a table, column, index or trigger name is part of the search index."""
    return bool(name) and (
        name in (SEARCH_INDEX, SEARCH_COLUMN) or str(name).startswith(SEARCH_TABLE)
    )


def include_object(
    _object: Any, name: str | None, _type: str, reflected: bool, _compare_to: Any
) -> bool:
    """Alembic's filter: the search index, found in the database, is not a model to compare."""
    return not (reflected and is_search_object(name))

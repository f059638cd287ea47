"""Find in responses: every response of an inspection holding all the words typed.

Each word typed must be found (AND); the last one is a prefix, so "gover" finds governors as
one types; case and accents never matter. Whatever is typed is only ever words: quotes, ``*``,
``-``, ``OR`` or parentheses are characters of the text to find (``OR`` a word like any other),
never query syntax, so typing can never make an error. A word of several parts (``governor's``,
``e-mail``) must be found as those parts in a row.

One service, two databases: SQLite's FTS5 index ``response_search`` ranked by bm25, and
PostgreSQL's full text (``response.search_vector``) ranked by ts_rank; both
then by school name (:mod:`coventry_inspect.store.search_index`, migration 0009). The spans of
the words found are worked out here, on the text, for highlighting.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import KeyQuestion, Response, School
from coventry_inspect.store.search_index import FOLD_FUNCTION, SEARCH_COLUMN, SEARCH_TABLE


@dataclass(frozen=True)
class Hit:
    """A response holding every word; ``spans`` are the (start, end) character ranges in
    ``text`` of the words found, in order, for highlighting."""

    response_id: uuid.UUID
    urn: str
    school: str
    question: int
    respondent: Respondent
    judgement: ResponseJudgement | None
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    more: bool
    """More responses match than the ``limit`` returned."""


PG_LONGEST_WORD = 2047
"""PostgreSQL indexes no word longer than this many bytes (and leaves it out of a query)."""
_PART = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
"""A run of letters and digits (with any combining accents): what both indexes call a token."""


def _fold(part: str) -> str:
    """Case and accents taken away, as the indexes fold them."""
    decomposed = unicodedata.normalize("NFD", part)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def typed_words(typed: str) -> list[list[str]]:
    """The words typed, each as its parts (``governor's`` → ``governor``, ``s``); a chunk with
    no letter or digit (a lone quote, ``*``) is dropped."""
    found = [_PART.findall(chunk) for chunk in unicodedata.normalize("NFC", typed).split()]
    return [parts for parts in found if parts]


def _fts5_query(typed: list[list[str]]) -> str:
    """An FTS5 expression that can hold nothing but quoted tokens (they are letters and digits
    only, so no quote can end a string early)."""
    phrases = [f'text : "{" ".join(parts)}"' for parts in typed]
    phrases[-1] += "*"
    return " AND ".join(phrases)


def _tsquery(typed: list[list[str]]) -> str:
    """A PostgreSQL tsquery of the same meaning: parts of a word in a row (``<->``), the last
    one a prefix (``:*``), words joined by ``&``."""
    phrases = [" <-> ".join(f"'{part}'" for part in parts) for parts in typed]
    phrases[-1] += ":*"
    return " & ".join(f"({phrase})" for phrase in phrases)


_FOUND = (
    Response.id,
    School.urn,
    School.name,
    KeyQuestion.number,
    Response.respondent,
    Response.judgement,
    Response.text,
)


def _query(
    db: Database, inspection_id: uuid.UUID, typed: list[list[str]], limit: int
) -> Select[uuid.UUID, str, str, int, Respondent, ResponseJudgement | None, str]:
    """The matching responses, best first, then by school name."""
    query = select(*_FOUND)
    if db.is_sqlite:
        # The best ``limit`` by bm25 first, in the index alone; only those are joined, so a
        # word in 20,000 responses costs 20,000 scores, not 20,000 joins and a sort of them.
        # (Of responses scoring the same as the last one kept, those kept are any of them.)
        index = table(SEARCH_TABLE, column("rowid"))
        score = func.bm25(literal_column(SEARCH_TABLE), 1.0, 0.0).label("score")
        match = f'inspection_id : "{inspection_id.hex}" AND ({_fts5_query(typed)})'
        best = (
            select(index.c.rowid.label("hit"), score)
            .where(literal_column(SEARCH_TABLE).op("MATCH")(match))
            .order_by(score)
            .limit(limit)
            .subquery()
        )
        query = (
            query.select_from(best)
            .join(Response, literal_column("response.rowid") == best.c.hit)
            .order_by(best.c.score)
        )
    else:
        # The generated column the GIN index ix_response_search is built on (migration 0009).
        vector: ColumnElement[Any] = literal_column(f"response.{SEARCH_COLUMN}")
        tsquery = func.to_tsquery(
            literal_column("'simple'::regconfig"), getattr(func, FOLD_FUNCTION)(_tsquery(typed))
        )
        query = (
            query.select_from(Response)
            .where(Response.inspection_id == inspection_id, vector.op("@@")(tsquery))
            .order_by(func.ts_rank(vector, tsquery, 1).desc())  # 1: shorter answers first
        )
    return (
        query.join(School, School.id == Response.school_id)
        .join(KeyQuestion, KeyQuestion.id == Response.key_question_id)
        .order_by(School.name, KeyQuestion.number, Response.respondent, Response.id)
    )


def find(db: Database, inspection_id: uuid.UUID, words: str, limit: int = 500) -> SearchResult:
    """The inspection's responses holding every word typed in ``words`` (the last as a
    prefix), best first then by school name; at most ``limit`` of them, ``more`` saying if
    there are others. Nothing typed (or only punctuation) finds nothing."""
    typed = typed_words(words)
    if not typed or limit <= 0:
        return SearchResult([], False)
    if not db.is_sqlite and any(len(p.encode()) > PG_LONGEST_WORD for w in typed for p in w):
        return SearchResult([], False)  # never indexed: PostgreSQL would drop it from the query
    with db.session() as session:
        rows = session.execute(_query(db, inspection_id, typed, limit + 1).limit(limit + 1))
        found = [
            Hit(response_id, urn, school, question, respondent, judgement, text, spans(text, typed))
            for response_id, urn, school, question, respondent, judgement, text in rows
        ]
    return SearchResult(found[:limit], len(found) > limit)


def spans(text: str, typed: list[list[str]]) -> tuple[tuple[int, int], ...]:
    """Where each word typed is found in ``text``: its parts in a row, folded; the last part
    of the last word as a prefix. Overlapping ranges are joined; in order of position."""
    folded, origin = _folded(text)
    found: list[tuple[int, int]] = []
    for index, parts in enumerate(typed):
        for match in _pattern(tuple(parts), index == len(typed) - 1).finditer(folded):
            found.append((origin[match.start()], origin[match.end() - 1] + 1))
    joined: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return tuple(joined)


def _folded(text: str) -> tuple[str, list[int] | range]:
    """The text folded as the indexes fold it, and for each of its characters the position in
    ``text`` it comes from (folding may drop marks or turn one letter into two: ß → ss)."""
    if text.isascii():
        return text.lower(), range(len(text))
    letters: list[str] = []
    origin: list[int] = []
    for at, letter in enumerate(text):
        folded = _fold_letter(letter)
        letters.append(folded)
        origin.extend([at] * len(folded))
    return "".join(letters), origin


@functools.lru_cache(maxsize=4096)
def _fold_letter(letter: str) -> str:
    return _fold(letter)


_TOKEN = r"[^\W_]"


@functools.lru_cache(maxsize=64)
def _pattern(parts: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """A typed word in folded text: its parts as whole tokens in a row (anything but letters
    and digits between them), the last part a prefix of a token if ``prefix``."""
    between = r"[\W_]+"
    ending = f"{_TOKEN}*" if prefix else f"(?!{_TOKEN})"
    body = between.join(re.escape(_fold(part)) for part in parts)
    return re.compile(f"(?<!{_TOKEN}){body}{ending}")

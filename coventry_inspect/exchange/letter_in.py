"""The inspector's rewordings, read back from a workbook's Letter sheet.

Each paragraph's row carries its block key and the text generated for it at export, in hidden
columns headed in row 1 (see :mod:`letter_sheet`). A paragraph whose text differs from that
generated text is a rewording, whether made in the app before export or in Excel afterwards.
Without the Letter sheet or its key column there are no rewordings (older workbooks, templates).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.exchange import layout
from coventry_inspect.exchange.cells_in import CellReader
from coventry_inspect.exchange.errors import CellProblem
from coventry_inspect.exchange.letter_sheet import BULLET, GENERATED_HEADER, KEY_HEADER
from coventry_inspect.services.letter import letter_blocks
from coventry_inspect.services.snapshot import InspectionSnapshot, RewordingRow

MAX_KEY = 60  # the letter_edit.key column
_BULLET_KEY = re.compile(r"/b\d+$")


class Sheet(Protocol):
    """A sheet as the reader holds it: header names (normalised) → column, rows by number."""

    title: str
    header: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]


def read_rewordings(
    raw: Sheet | None, snapshot: InspectionSnapshot, problems: list[CellProblem]
) -> None:
    """Add the Letter sheet's rewordings to ``snapshot``; ``raw`` is the sheet or None."""
    if raw is None or snapshot.details.kind is not InspectionKind.FOCUSED:
        return
    key_column = raw.header.get(layout.normalise(KEY_HEADER))
    if key_column is None:
        return
    generated_column = raw.header.get(layout.normalise(GENERATED_HEADER))
    generated = {block.key: block.text for block in letter_blocks(snapshot)}
    reader = CellReader(raw.title, problems)
    seen: dict[str, int] = {}

    def cell(row: tuple[Any, ...], column: int | None) -> Any:
        return row[column] if column is not None and column < len(row) else None

    for number, row in raw.rows:
        reader.row = number
        key = reader.text(cell(row, key_column), KEY_HEADER).strip()
        if not key:
            if cell(row, 0) not in (None, ""):
                reader.problem(
                    "A",
                    "this paragraph has no block key (hidden column B), so it belongs to no part "
                    "of the letter: add paragraphs in Coventry Inspect's Letter view, or put back "
                    "the key of the paragraph it rewords",
                )
            continue
        if len(key) > MAX_KEY or key in seen:
            reader.problem(
                KEY_HEADER,
                f"{key!r} appears in rows {seen[key]} and {number}"
                if key in seen
                else f"a block key has at most {MAX_KEY} characters",
            )
            continue
        seen[key] = number
        text = reader.text(cell(row, 0), "A")
        if _BULLET_KEY.search(key):  # written "•  text"; a spreadsheet user may drop a space
            if text.startswith(BULLET):
                text = text[len(BULLET) :]
            elif text.startswith(BULLET.strip()):
                text = text[1:].lstrip(" ")
        stored = cell(row, generated_column)
        based_on = reader.text(stored, GENERATED_HEADER) if stored is not None else None
        if based_on is None:
            based_on = generated.get(key)
        if based_on is None:
            reader.problem(KEY_HEADER, f"{key!r} is not a paragraph of this letter")
            continue
        if text != based_on and key not in generated:
            # A reworded paragraph the letter no longer has (its key changed, or the evidence
            # behind it is gone): kept, it would never print; dropped, it would be lost.
            reader.problem(KEY_HEADER, f"{key!r} is not a paragraph of this letter")
            continue
        if text != based_on:
            snapshot.rewordings.append(RewordingRow(key, text, based_on))
    snapshot.rewordings.sort(key=lambda r: r.key)

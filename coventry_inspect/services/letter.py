"""The summary letter's facts gathered from an inspection snapshot."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from coventry_inspect.domain.letter import Block, BlockKind, LetterFacts, compose_letter, unfinished
from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.preferences import Preferences, load_preferences
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.services.summary import inspected_outcomes, surveyed_summaries
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import LetterEdit


def letter_facts(
    snapshot: InspectionSnapshot, preferences: Preferences | None = None
) -> LetterFacts:
    """The letter's facts; the letterhead, closing and default sender are the sender's settings
    (read from the settings file when ``preferences`` is not given)."""
    preferences = preferences or load_preferences()
    return LetterFacts(
        details=snapshot.details,
        inspected=inspected_outcomes(snapshot),
        surveyed=surveyed_summaries(snapshot),
        questions=[(q.text, q.asked_of) for q in snapshot.questions],
        strengths=[f.statement for f in snapshot.findings if f.kind is FindingKind.STRENGTH],
        areas_for_improvement=[
            f.statement for f in snapshot.findings if f.kind is FindingKind.AREA_FOR_IMPROVEMENT
        ],
        letterhead=preferences.letterhead(),
        closing=preferences.closing,
        sender_name=preferences.sender_name,
        sender_title=preferences.sender_title,
    )


def letter_blocks(snapshot: InspectionSnapshot) -> list[Block]:
    return compose_letter(letter_facts(snapshot))


@dataclass(frozen=True)
class LetterBlock:
    """A block of the letter as it will print, and how it relates to the generated wording."""

    block: Block
    generated: str
    edited: bool
    facts_changed: bool
    """Edited, and the generated wording has changed since: the inspector should look again."""
    prompt: bool = False
    """A paragraph the inspector must write (``block`` is still the prompt until written)."""

    @property
    def removed(self) -> bool:
        """A prompted paragraph the inspector chose to leave out: it does not print."""
        return self.prompt and self.edited and not self.block.text.strip()


def letter_edits(db: Database, inspection_id: uuid.UUID) -> dict[str, LetterEdit]:
    with db.session() as session:
        rows = session.scalars(select(LetterEdit).where(LetterEdit.inspection_id == inspection_id))
        return {row.key: row for row in rows}


def current_letter(
    db: Database, inspection_id: uuid.UUID, snapshot: InspectionSnapshot | None = None
) -> list[LetterBlock]:
    """The letter generated from the evidence now, with the inspector's rewordings applied.
    Pass the ``snapshot`` when it has just been read, so it is not read again."""
    generated = letter_blocks(snapshot or read_snapshot(db, inspection_id))
    edits = letter_edits(db, inspection_id)
    result = []
    for block in generated:
        edit = edits.get(block.key)
        prompt = block.kind is BlockKind.PROMPT
        if edit is None:
            result.append(LetterBlock(block, block.text, False, False, prompt))
        else:
            kind = BlockKind.PARAGRAPH if prompt else block.kind  # written: an ordinary paragraph
            worded = Block(kind, edit.text, block.key)
            changed = edit.based_on != block.text
            result.append(LetterBlock(worded, block.text, True, changed, prompt))
    return result


def final_blocks(db: Database, inspection_id: uuid.UUID) -> list[Block]:
    """The letter as it prints: rewordings applied, removed paragraphs left out. A prompt still
    unwritten stays (``BlockKind.PROMPT``): see :func:`check_printable`."""
    return [item.block for item in current_letter(db, inspection_id) if not item.removed]


class LetterNotReadyError(Exception):
    """The letter cannot be printed yet; the message says what to do, in one line."""


def check_printable(blocks: list[Block], reference: str) -> None:
    """Raise ``LetterNotReadyError`` while a prompt is unwritten or the address is missing."""
    problems = unfinished(blocks)
    if problems:
        raise LetterNotReadyError(
            f"{reference}: the letter is not ready to print: {'; and '.join(problems)}."
        )


def reword(db: Database, inspection_id: uuid.UUID, key: str, text: str, based_on: str) -> None:
    """Keep the inspector's wording of one block (or forget it, when ``text`` is the generated)."""
    with db.session() as session:
        edit = session.scalar(
            select(LetterEdit).where(
                LetterEdit.inspection_id == inspection_id, LetterEdit.key == key
            )
        )
        if text == based_on:
            if edit is not None:
                session.delete(edit)
            return
        if edit is None:
            session.add(
                LetterEdit(inspection_id=inspection_id, key=key, text=text, based_on=based_on)
            )
        else:
            edit.text, edit.based_on = text, based_on

"""What a page showing responses (the Analysis grid and search, the responses panel) offers on
chosen responses: link them to a finding as its evidence, or tag them with a theme. Each is one
undoable edit, undone exactly: only the links or tags it made are taken away again."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtWidgets import QDialog, QWidget

from coventry_inspect.gui.commands import ServiceCommand, perform
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.evidence_text import finding_name
from coventry_inspect.gui.link_dialog import LinkDialog, ThemeDialog
from coventry_inspect.services import findings, support, themes
from coventry_inspect.services.errors import ServiceError, ValidationError
from coventry_inspect.store.models import Audited


def _sentence(error: ServiceError) -> str:
    messages = (
        [p.message for p in error.problems] if isinstance(error, ValidationError) else [str(error)]
    )
    return "; ".join(m[:1].upper() + m[1:] for m in messages)


def refuse_read_only(context: Context) -> bool:
    """True (saying so) when nothing can be changed."""
    if context.read_only:
        context.refused(
            f"This database is open read-only ({context.db.read_only_reason}): nothing was changed"
        )
    return context.read_only


def _refused_again(context: Context, text: str) -> Callable[[str, ServiceError], None]:
    """Says on the page why undoing or redoing the edit named ``text`` was refused."""

    def refused(way: str, error: ServiceError) -> None:
        context.refused(f"Cannot {way} “{text[:1].lower()}{text[1:]}”: {_sentence(error)}")

    return refused


def undoable_edit(
    context: Context, text: str, do: Callable[[], None], undo: Callable[[], None]
) -> bool:
    """Carry out ``do`` now as an undoable edit named ``text`` (undo: ``undo``, redo: ``do``
    again); False, storing nothing and saying why on the page, if refused."""
    if refuse_read_only(context):
        return False
    try:
        perform(
            context.stack, text, do, undo, context.changed, refused=_refused_again(context, text)
        )
    except ServiceError as error:
        context.refused(_sentence(error))
        context.changed()
        return False
    context.refused("")
    return True


def undoable(
    context: Context,
    text: str,
    do: Callable[[], list[uuid.UUID]],
    undo: Callable[[list[uuid.UUID]], object],
    redo: Callable[[list[uuid.UUID]], object],
) -> list[uuid.UUID] | None:
    """Carry out ``do`` (which returns the responses it changed) as an undoable edit named
    ``text``; ``undo`` and ``redo`` are given exactly those. Nothing changed: nothing to undo,
    and [] is returned. Refused: the reason is shown on the page, and None returned."""
    if refuse_read_only(context):
        return None
    try:
        changed = do()
    except ServiceError as error:
        context.refused(_sentence(error))
        context.changed()
        return None
    context.refused("")
    if changed:
        ids = list(changed)

        def again() -> None:
            redo(ids)

        def back() -> None:
            undo(ids)

        context.stack.push(
            ServiceCommand(text, again, back, context.changed, _refused_again(context, text))
        )
    return changed


Linking = Callable[[Sequence[uuid.UUID]], list[uuid.UUID]]


def _relink(
    context: Context, text: str, do: Linking, undo: Linking, response_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID] | None:
    """``do`` on the responses as one undoable edit; undo is ``undo`` on those it changed."""
    return undoable(context, text, partial(do, list(response_ids)), undo=undo, redo=do)


def link_responses(
    context: Context, finding_id: uuid.UUID, response_ids: Sequence[uuid.UUID], text: str
) -> list[uuid.UUID] | None:
    """Link the responses to the finding as one undoable edit; returns those linked now (undo
    unlinks exactly those), or None if refused."""
    link = partial(support.link, context.db, finding_id)
    unlink = partial(support.unlink, context.db, finding_id)
    return _relink(context, text, link, unlink, response_ids)


def unlink_responses(
    context: Context, finding_id: uuid.UUID, response_ids: Sequence[uuid.UUID], text: str
) -> list[uuid.UUID] | None:
    """Take the responses off the finding's evidence as one undoable edit (undo links exactly
    those that were linked)."""
    link = partial(support.link, context.db, finding_id)
    unlink = partial(support.unlink, context.db, finding_id)
    return _relink(context, text, unlink, link, response_ids)


def _plural(count: int) -> str:
    return "a response" if count == 1 else f"{count} responses"


def link_to_finding(context: Context, parent: QWidget, response_ids: Sequence[uuid.UUID]) -> bool:
    """Ask which strength or area for improvement the responses support, and link them to it.
    True if any link was made (one undoable edit: undo unlinks only the links made here)."""
    if not response_ids or refuse_read_only(context):
        return False
    listed = findings.list_findings(context.db, context.inspection_id)
    supported = support.support_by_finding(context.db, context.inspection_id)
    dialog = LinkDialog(listed, supported, len(response_ids), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or (chosen := dialog.chosen()) is None:
        return False
    finding = next(f for f in listed if f.id == chosen)
    named = finding_name(finding.kind, finding.number).lower()
    linked = link_responses(
        context, chosen, response_ids, f"Link {_plural(len(response_ids))} to {named}"
    )
    if linked == []:
        context.refused(f"The responses chosen already support {named}: nothing was changed")
    return bool(linked)


def tag_with_theme(context: Context, parent: QWidget, response_ids: Sequence[uuid.UUID]) -> bool:
    """Ask for a theme (offering those already used) and tag the responses with it. True if any
    response was tagged (one undoable edit: undo untags only the responses tagged here)."""
    if not response_ids or refuse_read_only(context):
        return False
    dialog = ThemeDialog(
        partial(themes.themes_used, context.db, context.inspection_id), len(response_ids), parent
    )
    if dialog.exec() != QDialog.DialogCode.Accepted or not (theme := dialog.theme()):
        return False
    db = context.db
    tagged = undoable(
        context,
        f"Tag {_plural(len(response_ids))} with “{theme}”",
        partial(themes.add_theme, db, list(response_ids), theme),
        undo=lambda ids: themes.remove_theme(db, ids, theme),
        redo=lambda ids: themes.add_theme(db, ids, theme),
    )
    if tagged == []:
        context.refused(f"The responses chosen already have the theme “{theme}”: nothing changed")
    return bool(tagged)


def cascaded(
    context: Context,
    response_ids: Sequence[uuid.UUID] = (),
    finding_ids: Sequence[uuid.UUID] = (),
) -> list[Audited]:
    """The themes and links that deleting these responses or findings takes with it, as rows
    (not stored, only read) to hand to :meth:`Context.delete` as ``dependents``, so undo of the
    delete puts them back after the rows they belong to."""
    return [
        model(**values) for model, values in support.attached(context.db, response_ids, finding_ids)
    ]

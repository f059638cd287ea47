"""How a finding's support reads on screen: its summary, and its flag as a nudge with a symbol
(so it reads without colour) and a tooltip saying what to do about it."""

from __future__ import annotations

from coventry_inspect.domain.support import Support, flag
from coventry_inspect.domain.vocabulary import FindingKind

FLAG_MARK = "⚑"
FLAG_COLOUR = "#9c3d00"
"""A flag's text colour (dark orange: read as a nudge, not an error); the ⚑ says it too."""


def flag_text(kind: FindingKind, support: Support) -> str:
    """ "⚑ no supporting response", or "" when the evidence bears the finding out."""
    why = flag(kind, support)
    return f"{FLAG_MARK} {why}" if why else ""


def support_text(kind: FindingKind, support: Support) -> str:
    """The summary, with the flag on a line of its own under it (the flag alone when no
    response supports the finding: "no supporting responses" would say it twice)."""
    flagged = flag_text(kind, support)
    if not support.responses:
        return flagged
    return f"{support.summary()}\n{flagged}" if flagged else support.summary()


def flag_tip(kind: FindingKind, support: Support) -> str:
    """What the flag means and what the inspector might do (a nudge: nothing is blocked)."""
    why = flag(kind, support)
    what = "strength" if kind is FindingKind.STRENGTH else "area for improvement"
    if why is None:
        return f"{support.summary().capitalize()}. Evidence… lists them."
    if not support.responses:
        return (
            f"No response is linked to this {what} yet. Link the responses that support it "
            "with Evidence… (or from the Analysis). Only a nudge: the letter prints anyway."
        )
    against = support.negative if kind is FindingKind.STRENGTH else support.positive
    word = "negative" if kind is FindingKind.STRENGTH else "positive"
    return (
        f"{against} of its {support.responses} supporting responses are {word}: read the "
        f"statement again against them, or look again at its evidence (Evidence…). Only a "
        "nudge: the letter prints anyway."
    )


def finding_name(kind: FindingKind, number: int) -> str:
    """ "Strength 2", "Area for improvement 1"."""
    return f"{'Strength' if kind is FindingKind.STRENGTH else 'Area for improvement'} {number}"


def finding_label(kind: FindingKind, number: int, statement: str, limit: int = 0) -> str:
    """ "Strength 2: Schools value the clusters…" (cut at ``limit`` characters if given)."""
    name = finding_name(kind, number)
    text = " ".join(statement.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"{name}: {text}"

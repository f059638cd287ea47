"""The summary letter of a focused inspection, composed from its evidence.

The letter is a list of blocks (headings, paragraphs, bullets…) in the reference letter's order,
so the workbook's Letter sheet, the plain-text output and the printed letter share one wording.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.movement import movement
from coventry_inspect.domain.numbers import count, counted, join_list, plural, was_were
from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InadequateCategory,
    Movement,
    Phase,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.domain.wording import date_range, long_date


class BlockKind(Enum):
    LETTERHEAD = "letterhead"
    DATE = "date"
    ADDRESS = "address"
    SALUTATION = "salutation"
    SUBJECT = "subject"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    PROMPT = "prompt"
    """A paragraph only the inspector can write: it blocks printing until written or removed."""
    SIGN_OFF = "sign_off"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    key: str = ""
    """Where the block stands in the letter ("outcomes/b2"), stable while the facts change, so
    an inspector's rewording of it can be kept when the letter is generated again."""


@dataclass
class LetterFacts:
    """What the letter is composed from: plain data, no database."""

    details: Details
    inspected: list[InspectedOutcome] = field(default_factory=list)
    surveyed: list[SurveyedSchoolSummary] = field(default_factory=list)
    questions: list[tuple[str, AskedOf]] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    areas_for_improvement: list[str] = field(default_factory=list)
    letterhead: str = ""
    """The organisation's block at the top (the sender's settings); "" for none."""
    closing: str = ""
    """The closing thanks before "Yours sincerely" (the sender's settings); "" for none."""
    sender_name: str = ""
    sender_title: str = ""
    """Who signs when the inspection names no sender (the sender's settings)."""


EVALUATION_KEY = "outcomes/evaluation"


def evaluation_prompt(graded: list[InspectedOutcome]) -> str:
    """The prompt for the paragraph on what the outcomes mean. It names the outcomes, so that a
    paragraph written against other outcomes is flagged (its prompt, kept as what the wording
    was based on, no longer matches) when a grade changes."""
    grades = Counter(s.outcome for s in graded if s.outcome is not None)
    moves = Counter(movement(s.previous, s.outcome) for s in graded if s.outcome is not None)
    outcome_words = {SchoolGrade.REQUIRES_IMPROVEMENT: "requiring improvement"}
    by_grade = [
        f"{grades[g]} {outcome_words.get(g, g.label.lower())}" for g in SchoolGrade if grades[g]
    ]
    by_move = [f"{moves[m]} {m.label.lower()}" for m in Movement if moves[m]]
    return (
        f"[To write: what these outcomes mean ({join_list(by_grade)}; {join_list(by_move)}) — "
        'for example "It is positive that… However, it is of considerable concern that…" — or '
        "remove this paragraph.]"
    )


CLOSING_KEY = "closing/thanks"


PHASE_NOUNS: dict[Phase, tuple[str, str]] = {
    Phase.NURSERY: ("nursery school", "nursery schools"),
    Phase.INFANT: ("infant school", "infant schools"),
    Phase.JUNIOR: ("junior school", "junior schools"),
    Phase.PRIMARY: ("primary school", "primary schools"),
    Phase.MIDDLE: ("middle school", "middle schools"),
    Phase.SECONDARY: ("secondary school", "secondary schools"),
    Phase.ALL_THROUGH: ("all-through school", "all-through schools"),
    Phase.SPECIAL: ("special school", "special schools"),
    Phase.PUPIL_REFERRAL_UNIT: ("pupil referral unit", "pupil referral units"),
}
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "cllr",
    "councillor",
    "professor",
    "prof",
    "sir",
    "dame",
}


def salutation(addressee_name: str) -> str:
    """'Dear Colin' for 'Mr Colin Green'; 'Dear Sir or Madam' when no name is given."""
    words = [w for w in re.split(r"\s+", addressee_name.strip()) if w]
    while words and words[0].rstrip(".").casefold() in _HONORIFICS:
        words.pop(0)
    return f"Dear {words[0]}" if words else "Dear Sir or Madam"


def subject(facts: LetterFacts) -> str:
    period = date_range(facts.details.start_date, facts.details.end_date)
    return f"{facts.details.authority} LA – focused inspections – {period}"


def phases_phrase(phases: Counter[Phase], *, semicolons: bool) -> str:
    items = [counted(phases[phase], *PHASE_NOUNS[phase]) for phase in Phase if phases[phase]]
    return join_list(items, semicolons=semicolons)


def _grade_word(grade: PreviousGrade) -> str:
    return grade.label.lower()


def _to_be(grade: PreviousGrade) -> str:
    """What follows "judged" or "found": "to be good", but "to require improvement"."""
    if grade is PreviousGrade.REQUIRES_IMPROVEMENT:
        return "to require improvement"
    return f"to be {_grade_word(grade)}"


def _after_and(grade: PreviousGrade) -> str:
    """A later grade in "judged to be satisfactory and one good / one to require improvement"."""
    return _to_be(grade) if grade is PreviousGrade.REQUIRES_IMPROVEMENT else _grade_word(grade)


def _article(grade: PreviousGrade) -> str:
    return "an" if grade is PreviousGrade.OUTSTANDING or grade is PreviousGrade.INADEQUATE else "a"


def _whole(n: int) -> str:
    """A whole group of ``n`` as the subject of a sentence: 'it', 'both', 'all three'."""
    return "it" if n == 1 else "both" if n == 2 else f"all {count(n)}"


def _none_of(n: int) -> str:
    """'It had not' / 'Neither had' / 'None had' … been inspected before."""
    return "it had not" if n == 1 else "neither had" if n == 2 else "none had"


def _its_their(n: int) -> str:
    return "its" if n == 1 else "their"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def outline(facts: LetterFacts) -> list[Block]:
    blocks: list[Block] = []
    n = len(facts.inspected)
    if n:
        phases = Counter(s.phase for s in facts.inspected)
        if len(phases) == 1:
            (phase,) = phases
            inspected = (
                f"{counted(n, *PHASE_NOUNS[phase], start=True)} {was_were(n)} inspected during "
                "the focused inspection week."
            )
        else:
            inspected = (
                f"{counted(n, 'school', start=True)} {was_were(n)} inspected during the focused "
                f"inspection week, including: {phases_phrase(phases, semicolons=True)}."
            )
        previous = _previous_grades_sentence(facts.inspected)
        blocks.append(Block(BlockKind.PARAGRAPH, f"{inspected} {previous}".strip()))
    all_questions = [text for text, asked in facts.questions if asked is AskedOf.ALL_SCHOOLS]
    further = [text for text, asked in facts.questions if asked is not AskedOf.ALL_SCHOOLS]
    if all_questions:
        k = len(all_questions)
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                f"During the {plural(n, 'inspection')} Her Majesty's Inspectors gathered "
                "information on the use, quality and impact of local authority support for school "
                f"improvement by asking {count(k)} additional key {plural(k, 'question')} of "
                f"{'the headteacher' if n == 1 else 'headteachers'} and governors:",
            )
        )
        blocks.extend(Block(BlockKind.BULLET, text) for text in all_questions)
    if facts.surveyed:
        blocks.append(
            Block(BlockKind.PARAGRAPH, _survey_paragraph(facts, len(all_questions), further))
        )
        blocks.extend(Block(BlockKind.BULLET, text) for text in further)
    return blocks


def _previous_grades_sentence(schools: list[InspectedOutcome]) -> str:
    grades = Counter(s.previous for s in schools)
    new = grades.pop(PreviousGrade.NOT_PREVIOUSLY_INSPECTED, 0)
    ordered = sorted(grades.items(), key=lambda item: (-item[1], item[0].level or 0))
    if len(schools) == 1 and ordered:
        ((grade, _n),) = ordered
        return f"It had been judged {_to_be(grade)} at its last inspection."
    if not ordered:
        return f"{_capital(_none_of(new))} been inspected before."
    parts = []
    for index, (grade, k) in enumerate(ordered):
        if index == 0:
            whom = _capital(_whole(k)) if k == len(schools) else f"{count(k, start=True)} of these"
            parts.append(
                f"{whom} {was_were(k)} judged {_to_be(grade)} at {_its_their(k)} last inspection"
            )
        else:
            parts.append(f"{count(k)} {was_were(k)} found {_to_be(grade)}")
    sentence = join_list(parts) + "."
    if new:
        sentence += f" {counted(new, 'school', start=True)} had not been inspected before."
    return sentence


def _phase_with_article(phase: Phase) -> str:
    noun = PHASE_NOUNS[phase][0]
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _survey_paragraph(facts: LetterFacts, asked: int, further: list[str]) -> str:
    n = len(facts.surveyed)
    phases = Counter(s.phase for s in facts.surveyed)
    grades = Counter(s.last_grade for s in facts.surveyed)
    grade_parts = []
    for grade, words in ((PreviousGrade.OUTSTANDING, "outstanding"), (PreviousGrade.GOOD, "good")):
        k = grades[grade]
        if not k:
            continue
        judged = "" if grade is PreviousGrade.OUTSTANDING else "judged to be "
        who = "it" if n == 1 else count(k)
        grade_parts.append(f"{who} {was_were(k)} {judged}{words}")
    if n == 1:
        (only,) = facts.surveyed
        text = (
            "One further school was surveyed by telephone during the focused inspection week. "
            f"This was {_phase_with_article(only.phase)}. The school was selected randomly from "
            "the local authority's good and outstanding schools"
        )
        headteachers, status = "The headteacher of this school was", "its status as a good or "
        status += "outstanding school"
    else:
        text = (
            f"A further {counted(n, 'school')} were surveyed by telephone during the focused "
            f"inspection week. These included {phases_phrase(phases, semicolons=False)}. The "
            "schools were selected randomly from the local authority's good and outstanding "
            "schools"
        )
        headteachers = "Headteachers in these schools were"
        status = "their status as good or outstanding schools"
    if grade_parts:
        text += f": {join_list(grade_parts)} at {_its_their(n)} last inspection."
    else:
        text += "."
    if asked:
        text += f" {headteachers} asked the same "
        text += f"{count(asked)} questions" if asked > 1 else "question"
        if len(further) == 1 and asked + 1 < len(_ORDINALS):
            text += f" and a {_ORDINALS[asked + 1]}, which reflected {status}:"
        elif further:
            text += f" and {count(len(further))} more, which reflected {status}:"
        else:
            text += "."
    elif further:
        text += (
            f" {headteachers} asked {counted(len(further), 'question')}, which reflected {status}:"
        )
    return text


def outcomes(facts: LetterFacts) -> list[Block]:
    graded = [s for s in facts.inspected if s.outcome is not None]
    if not graded:
        return []
    schools = "school" if len(facts.inspected) == 1 else "schools"
    blocks = [
        Block(
            BlockKind.PARAGRAPH, f"Of the {schools} inspected during the focused inspection week:"
        )
    ]
    for grade in SchoolGrade:
        group = [s for s in graded if s.outcome is grade]
        if not group:
            continue
        if grade is SchoolGrade.INADEQUATE:
            for category in (
                InadequateCategory.SPECIAL_MEASURES,
                InadequateCategory.SERIOUS_WEAKNESSES,
                None,
            ):
                members = [s for s in group if s.category is category]
                if members:
                    blocks.append(Block(BlockKind.BULLET, _inadequate_bullet(members, category)))
        else:
            blocks.append(Block(BlockKind.BULLET, _outcome_bullet(grade, group)))
    blocks.append(Block(BlockKind.PROMPT, evaluation_prompt(graded), EVALUATION_KEY))
    return blocks


def _movements(group: list[InspectedOutcome]) -> Counter[Movement]:
    return Counter(movement(s.previous, s.outcome) for s in group if s.outcome is not None)


def _outcome_bullet(grade: SchoolGrade, group: list[InspectedOutcome]) -> str:
    n = len(group)
    moves = _movements(group)
    previous = Counter(s.previous for s in group)
    if grade is SchoolGrade.OUTSTANDING:
        head = f"{count(n)} {was_were(n)} graded as outstanding for overall effectiveness"
    elif grade is SchoolGrade.GOOD and moves[Movement.MAINTAINED] == n:
        return f"{counted(n, 'school')} maintained a good grade for overall effectiveness"
    elif grade is SchoolGrade.GOOD:
        head = f"{counted(n, 'school')} {was_were(n)} judged to be good for overall effectiveness"
    else:
        head = f"{counted(n, 'school')} {was_were(n)} judged to require improvement"
    if grade is SchoolGrade.REQUIRES_IMPROVEMENT and previous[PreviousGrade.SATISFACTORY] == n:
        first = "It was" if n == 1 else "Both were" if n == 2 else "All were"
        none = "it had not" if n == 1 else "neither had" if n == 2 else "none had"
        return (
            f"{head}. {first} judged to be satisfactory at {_its_their(n)} previous inspection, "
            f"so {none} improved significantly"
        )

    def who(k: int) -> str:
        return _whole(n) if k == n else count(k)

    details = []
    if moves[Movement.NEW]:
        k = moves[Movement.NEW]
        details.append(
            f"{_none_of(n)} been inspected before"
            if k == n
            else f"{count(k)} had not been inspected before"
        )
    if moves[Movement.MAINTAINED]:
        k = moves[Movement.MAINTAINED]
        kept = (
            "still required improvement"
            if grade is SchoolGrade.REQUIRES_IMPROVEMENT
            else f"remained {grade.label.lower()}"
        )
        details.append(f"{who(k)} {kept}")
    for grade_before in PreviousGrade:
        k = sum(
            1
            for s in group
            if s.previous is grade_before
            and movement(s.previous, grade) in (Movement.IMPROVED, Movement.DECLINED)
        )
        if k:
            direction = "improved" if (grade_before.level or 0) > grade.value else "declined"
            details.append(f"{who(k)} {direction} from {_grade_word(grade_before)}")
    if not details:
        return head
    return f"{head}. {_capital(join_list(details))}"


def _inadequate_bullet(group: list[InspectedOutcome], category: InadequateCategory | None) -> str:
    n = len(group)
    if category is InadequateCategory.SPECIAL_MEASURES:
        head = f"{counted(n, 'school')} {was_were(n)} placed in special measures"
    elif category is InadequateCategory.SERIOUS_WEAKNESSES:
        head = f"{counted(n, 'school')} {was_were(n)} judged to have serious weaknesses"
    else:
        head = f"{counted(n, 'school')} {was_were(n)} judged to be inadequate"
    previous = Counter(s.previous for s in group)
    its = _its_their(n)
    if len(previous) == 1:
        (grade_before,) = previous
        subject_words = {1: "The school has", 2: "Both schools have"}.get(
            n, f"All {count(n)} schools have"
        )
        if grade_before is PreviousGrade.NOT_PREVIOUSLY_INSPECTED:
            return f"{head}. {_capital(_none_of(n))} been inspected before."
        if grade_before is PreviousGrade.INADEQUATE:
            return f"{head}. {subject_words} remained inadequate since {its} previous inspection."
        return (
            f"{head}. {subject_words} declined from {_article(grade_before)} "
            f"{_grade_word(grade_before)} judgement at {its} previous inspection."
        )
    new = previous.pop(PreviousGrade.NOT_PREVIOUSLY_INSPECTED, 0)
    ordered = sorted(previous.items(), key=lambda item: (-item[1], item[0].level or 0))
    judged = sum(previous.values())
    parts = [
        f"{count(k)} had been judged {_to_be(g)}" if index == 0 else f"{count(k)} {_after_and(g)}"
        for index, (g, k) in enumerate(ordered)
    ]
    sentence = f"{join_list(parts)} at {_its_their(judged)} previous inspection"
    if new:
        sentence += f", and {count(new)} had not been inspected before"
    return f"{head}. {_capital(sentence)}."


def _opening(facts: LetterFacts, period: str) -> str:
    n = len(facts.inspected)
    what = []
    if n:
        what.append(
            "the outcome of the school inspection"
            if n == 1
            else "the outcomes of the school inspections"
        )
    if facts.surveyed:
        what.append("the survey" if n else "the outcomes of the survey")
    return (
        f"I am writing to inform you of {join_list(what) or 'the outcomes of the inspections'} "
        f"carried out during the focused week for {facts.details.authority} in the period "
        f"{period}."
    )


def _responses(facts: LetterFacts) -> str:
    asked_of = []
    n, m = len(facts.inspected), len(facts.surveyed)
    if n:
        asked_of.append(
            "the school inspected during the week"
            if n == 1
            else "those schools inspected during the week"
        )
    if m:
        one = "the one" if n else "the school"
        asked_of.append(f"{one if m == 1 else 'those'} contacted by telephone")
    asked = f" asked of {join_list(asked_of)}" if asked_of else ""
    questions = plural(len(facts.questions), "question")
    return (
        f"Responses to the key {questions}{asked} were analysed. The key findings are outlined "
        "below."
    )


def compose_letter(facts: LetterFacts) -> list[Block]:
    """The whole letter, in the reference letter's order."""
    blocks: list[Block] = []
    if facts.letterhead.strip():
        blocks.append(Block(BlockKind.LETTERHEAD, facts.letterhead.strip()))
    if facts.details.letter_date:
        blocks.append(Block(BlockKind.DATE, long_date(facts.details.letter_date)))
    address = [
        facts.details.addressee_name,
        facts.details.addressee_title,
        *facts.details.addressee_address.splitlines(),
    ]
    blocks.append(
        Block(BlockKind.ADDRESS, "\n".join(line.strip() for line in address if line.strip()))
    )
    blocks.append(Block(BlockKind.SALUTATION, salutation(facts.details.addressee_name)))
    blocks.append(Block(BlockKind.SUBJECT, subject(facts)))
    period = date_range(facts.details.start_date, facts.details.end_date)
    if facts.details.meeting_date:
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                f"Thank you for our meeting on {long_date(facts.details.meeting_date)}.",
            )
        )
    blocks.append(Block(BlockKind.PARAGRAPH, _opening(facts, period)))
    blocks.append(Block(BlockKind.HEADING, "Outline of inspection activities"))
    blocks.extend(outline(facts))
    heading = "Inspection and survey outcomes" if facts.surveyed else "Inspection outcomes"
    blocks.append(Block(BlockKind.HEADING, heading, OUTCOMES_HEADING_KEY))
    blocks.extend(outcomes(facts))
    if facts.strengths or facts.areas_for_improvement:
        blocks.append(Block(BlockKind.PARAGRAPH, _responses(facts)))
    if facts.strengths:
        blocks.append(Block(BlockKind.HEADING, "Strengths"))
        blocks.extend(Block(BlockKind.BULLET, text) for text in facts.strengths)
    if facts.areas_for_improvement:
        blocks.append(Block(BlockKind.HEADING, "Areas for improvement"))
        blocks.extend(Block(BlockKind.BULLET, text) for text in facts.areas_for_improvement)
    if facts.details.summary:
        blocks.append(Block(BlockKind.PARAGRAPH, facts.details.summary))
    blocks.append(
        Block(
            BlockKind.PARAGRAPH,
            "I hope these observations are useful as you seek to improve further the quality of "
            f"education for the children and young people of {facts.details.authority}.",
        )
    )
    if facts.closing.strip():
        blocks.append(Block(BlockKind.PARAGRAPH, facts.closing.strip(), CLOSING_KEY))
    blocks.append(Block(BlockKind.PARAGRAPH, "Yours sincerely"))
    sign_off = [
        facts.details.sender_name or facts.sender_name,
        facts.details.sender_title if facts.details.sender_name else facts.sender_title,
    ]
    if facts.details.copy_to:
        sign_off.append(f"Cc {facts.details.copy_to}")
    blocks.append(Block(BlockKind.SIGN_OFF, "\n".join(line for line in sign_off if line)))
    return with_keys(blocks)


def unfinished(blocks: list[Block]) -> list[str]:
    """What must be done before the letter can be printed, one sentence each ([] when ready)."""
    problems = []
    if any(b.kind is BlockKind.ADDRESS and not b.text.strip() for b in blocks):
        problems.append("enter the addressee's name and address on the Details page")
    for block in blocks:
        if block.kind is BlockKind.PROMPT:
            problems.append(
                'write the paragraph after the outcomes (what they mean: "It is positive that… '
                'However, it is of considerable concern that…") in the Letter view, or choose '
                '"Leave this paragraph out" there'
            )
    return problems


_FIXED_KEYS = {
    BlockKind.LETTERHEAD,
    BlockKind.DATE,
    BlockKind.ADDRESS,
    BlockKind.SALUTATION,
    BlockKind.SUBJECT,
    BlockKind.SIGN_OFF,
}


OUTCOMES_HEADING_KEY = "heading/inspection-and-survey-outcomes"
"""The outcomes' heading reads "Inspection outcomes" when no school was surveyed; its section
keeps one key so that rewordings stay with their paragraphs if a survey is added later."""


def with_keys(blocks: list[Block]) -> list[Block]:
    """The blocks, each keyed by its section (the heading above it) and its place there."""
    keyed: list[Block] = []
    section = "opening"
    counts: dict[str, int] = {}
    for block in blocks:
        if block.key:  # placed by name (a prompt, the closing): keeps others' keys as they were
            key = block.key
            if block.kind is BlockKind.HEADING:  # worded to fit, keyed the same whatever its words
                section = key.removeprefix("heading/")
        elif block.kind in _FIXED_KEYS:
            key = block.kind.value
        elif block.kind is BlockKind.HEADING:
            section = re.sub(r"[^a-z]+", "-", block.text.lower()).strip("-")
            key = f"heading/{section}"
        else:
            mark = "b" if block.kind is BlockKind.BULLET else "p"
            counts[f"{section}/{mark}"] = counts.get(f"{section}/{mark}", 0) + 1
            key = f"{section}/{mark}{counts[f'{section}/{mark}']}"
        keyed.append(Block(block.kind, block.text, key))
    return keyed


def as_text(blocks: list[Block]) -> str:
    """The letter as plain text: bullets marked with '•', blocks separated by blank lines."""
    lines: list[str] = []
    for block in blocks:
        text = f"• {block.text}" if block.kind is BlockKind.BULLET else block.text
        if lines and not (block.kind is BlockKind.BULLET and lines[-1].startswith("•")):
            lines.append("")
        lines.append(text)
    return "\n".join(lines) + "\n"

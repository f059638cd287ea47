"""The inspector's wording of the letter survives regeneration of the parts they did not touch."""

from __future__ import annotations

from coventry_inspect.domain.vocabulary import InadequateCategory, SchoolGrade
from coventry_inspect.services import evidence
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.letter import current_letter, final_blocks, reword
from coventry_inspect.store.database import Database


def test_rewording_is_kept_and_flagged_when_its_facts_change(db: Database) -> None:
    install_examples(db)
    inspection = choose_inspection(db, "COV-2013-03").id
    letter = {item.block.key: item for item in current_letter(db, inspection)}
    assert letter["inspection-and-survey-outcomes/b4"].block.text.startswith(
        "two schools were placed in special measures"
    )
    summary_key = next(k for k, i in letter.items() if i.block.text.startswith("In summary"))
    # The inspector rewords the summary and the special-measures bullet.
    reword(
        db,
        inspection,
        summary_key,
        "In short, progress is too slow.",
        letter[summary_key].generated,
    )
    bullet = letter["inspection-and-survey-outcomes/b4"]
    reword(
        db,
        inspection,
        bullet.block.key,
        "Two schools went into special measures.",
        bullet.generated,
    )
    # The facts change: one special-measures school is now judged requires improvement.
    rows = evidence.list_inspected_schools(db, inspection)
    sm = next(r for r in rows if r.inadequate_category is InadequateCategory.SPECIAL_MEASURES)
    evidence.update_inspected_school(
        db, sm.id, outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT, inadequate_category=None
    )
    after = {item.block.key: item for item in current_letter(db, inspection)}
    # Untouched paragraphs regenerate…
    assert after["inspection-and-survey-outcomes/b3"].block.text.startswith(
        "six schools were judged to require improvement"
    )
    assert not after["inspection-and-survey-outcomes/b3"].edited
    # …the reworded summary, whose facts did not change, stays as worded, not flagged…
    assert after[summary_key].block.text == "In short, progress is too slow."
    assert (after[summary_key].edited, after[summary_key].facts_changed) == (True, False)
    # …and the reworded bullet is kept but flagged, with the new generated wording beside it.
    flagged = after["inspection-and-survey-outcomes/b4"]
    assert flagged.block.text == "Two schools went into special measures."
    assert flagged.facts_changed
    assert flagged.generated.startswith(
        "one school was placed in special measures. The school has declined"
    )
    # Taking the generated wording forgets the rewording.
    reword(db, inspection, flagged.block.key, flagged.generated, flagged.generated)
    texts = [b.text for b in final_blocks(db, inspection)]
    assert flagged.generated in texts
    assert "In short, progress is too slow." in texts

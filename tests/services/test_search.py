"""Find in responses, on SQLite (FTS5) and PostgreSQL (full text): what a user typing finds,
where the words are highlighted, and that the index follows every edit, delete and import."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from coventry_inspect.domain.vocabulary import (
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.services import crud, evidence
from coventry_inspect.services.inspections import create_inspection, delete_inspection
from coventry_inspect.services.replacement import plan_replacement, replace
from coventry_inspect.services.search import Hit, SearchResult, find
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import Response

H, C = Respondent.HEADTEACHER, Respondent.CHAIR_OF_GOVERNORS
POS, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.NEGATIVE

TEXTS = {
    "ash": "The Governors receive good training; governor visits are regular.",
    "birch": "Our école partnership with the LA's HR support is valued.",
    "cedar": "Little challenge from the local authority (none on data).",
    "damson": "Training for new governors is not offered.",
}


def build(db: Database, reference: str = "FOC-1") -> tuple[uuid.UUID, dict[str, uuid.UUID]]:
    """One question; Ash and Birch (headteachers), Cedar's chair, Damson's headteacher."""
    inspection = create_inspection(db, reference, InspectionKind.FOCUSED, "Testshire")
    question = evidence.add_key_question(db, inspection.id, "What support and challenge?")
    ids: dict[str, uuid.UUID] = {}
    for n, (name, text) in enumerate(TEXTS.items()):
        school = evidence.add_inspected_school(
            db,
            inspection.id,
            f"{reference[-1]}0000{n}",
            f"{name.title()} Primary",
            Phase.PRIMARY,
            PreviousGrade.GOOD,
        )
        respondent = C if name == "cedar" else H
        judgement = NEG if name in ("cedar", "damson") else POS
        ids[name] = evidence.add_response(
            db, question.id, school.school_id, respondent, text, judgement
        ).id
    return inspection.id, ids


def schools(result: SearchResult) -> list[str]:
    return [hit.school for hit in result.hits]


def marked(hit: Hit) -> list[str]:
    """The highlighted words, as they stand in the text."""
    return [hit.text[start:end] for start, end in hit.spans]


def test_every_word_typed_must_be_found_and_each_is_highlighted(db: Database) -> None:
    inspection_id, ids = build(db)
    result = find(db, inspection_id, "training governors")
    assert sorted(schools(result)) == ["Ash Primary", "Damson Primary"]
    assert not result.more
    ash = next(hit for hit in result.hits if hit.school == "Ash Primary")
    assert ash.response_id == ids["ash"]
    assert (ash.urn, ash.question, ash.respondent, ash.judgement) == ("100000", 1, H, POS)
    assert ash.text == TEXTS["ash"]
    # "governors" typed last is a prefix too: "Governors" and nothing shorter ("governor").
    assert marked(ash) == ["Governors", "training"]
    damson = next(hit for hit in result.hits if hit.school == "Damson Primary")
    assert marked(damson) == ["Training", "governors"]
    assert damson.spans == ((0, 8), (17, 26))
    assert find(db, inspection_id, "training challenge").hits == []


def test_the_last_word_is_a_prefix_as_one_types(db: Database) -> None:
    inspection_id, _ = build(db)
    result = find(db, inspection_id, "gover")
    assert sorted(schools(result)) == ["Ash Primary", "Damson Primary"]
    ash = next(hit for hit in result.hits if hit.school == "Ash Primary")
    assert marked(ash) == ["Governors", "governor"]
    # Only the last word is a prefix: "gover" followed by another word must be whole.
    assert find(db, inspection_id, "gover training").hits == []
    assert schools(find(db, inspection_id, "chall")) == ["Cedar Primary"]


def test_case_and_accents_do_not_matter(db: Database) -> None:
    inspection_id, _ = build(db)
    for typed in ("ECOLE", "école", "Ecole partner", "ÉCOLE"):
        [hit] = find(db, inspection_id, typed).hits
        assert hit.school == "Birch Primary", typed
        assert marked(hit)[0] == "école", typed
    [hit] = find(db, inspection_id, "LOCAL AUTHORITY").hits
    assert marked(hit) == ["local", "authority"]


HOSTILE = [
    '"',
    '"governors',
    'governors"',
    "governors*",
    "*",
    "-governors",
    "governors OR",
    "(governors",
    "governors)",
    "NEAR(governors training)",
    "governors AND",
    "'",
    "{governors}",
    "^governors",
    "governors:",
    "text: governors",
    ":",
    "+",
    "governors \\",
    "governors;--",
    "governors' %",
    "governors\x00",
    "governors 🙂",
    "governors " + "x" * 3000,
    "ﬁ governors",
    "\u0301",  # a combining accent alone
    "ª",
    "学校",
    "a\u200bb",
]
FINDS_BOTH = {"governors OR", "NEAR(governors training)", "governors AND", "text: governors"}


@pytest.mark.parametrize("typed", HOSTILE, ids=[str(n) for n in range(len(HOSTILE))])
def test_punctuation_typed_is_never_an_error(db: Database, typed: str) -> None:
    """What a user may type is only ever words: FTS5 or tsquery syntax never reaches the index.
    Whatever punctuation surrounds "governors", Ash's and Damson's answers are found; typed
    words that are in no answer ("OR", "NEAR", "xxx…") find nothing."""
    inspection_id, _ = build(db)
    result = find(db, inspection_id, typed)
    found = sorted(schools(result))
    if (
        "governors" in typed
        and typed not in FINDS_BOTH
        and "x" * 10 not in typed
        and "ﬁ" not in typed
    ):
        assert found == ["Ash Primary", "Damson Primary"], typed[:40]
        assert all(
            marked(hit) == ["Governors"] or marked(hit) == ["governors"] for hit in result.hits
        )
    elif "governors" in typed:
        assert found == [], typed[:40]
    else:
        assert found == [], typed[:40]  # punctuation alone: nothing typed


def test_operators_are_words_like_any_other(db: Database) -> None:
    inspection_id, _ = build(db)
    assert find(db, inspection_id, "governors OR challenge").hits == []  # no "or" in any text
    assert schools(find(db, inspection_id, "none on data")) == ["Cedar Primary"]
    assert schools(find(db, inspection_id, "(none)")) == ["Cedar Primary"]


def test_a_word_of_several_parts_is_found_as_those_parts_in_a_row(db: Database) -> None:
    inspection_id, _ = build(db)
    [hit] = find(db, inspection_id, "LA's").hits
    assert marked(hit) == ["LA's"]
    assert find(db, inspection_id, "s'LA").hits == []


def test_nothing_typed_finds_nothing(db: Database) -> None:
    inspection_id, _ = build(db)
    for typed in ("", "   ", '" * - ( )', "\t\n"):
        assert find(db, inspection_id, typed) == SearchResult([], False)


def test_another_inspections_responses_are_not_found(db: Database) -> None:
    first, _ = build(db, "FOC-1")
    second, ids = build(db, "FOC-2")
    result = find(db, second, "training")
    assert {hit.response_id for hit in result.hits} == {ids["ash"], ids["damson"]}
    assert {hit.urn for hit in result.hits} == {"200000", "200003"}
    assert len(find(db, first, "training").hits) == 2


def test_an_edited_response_is_found_by_its_new_words_not_its_old(db: Database) -> None:
    inspection_id, ids = build(db)
    evidence.update_response(db, ids["cedar"], text="Strong moderation of assessment.")
    assert find(db, inspection_id, "challenge").hits == []
    [hit] = find(db, inspection_id, "moderation").hits
    assert (hit.response_id, hit.text) == (ids["cedar"], "Strong moderation of assessment.")
    # A change of judgement alone keeps the words findable.
    evidence.update_response(db, ids["cedar"], judgement=POS)
    [hit] = find(db, inspection_id, "moder").hits
    assert hit.judgement is POS


def test_deleted_responses_are_gone(db: Database) -> None:
    inspection_id, ids = build(db)
    evidence.delete_response(db, ids["ash"])
    assert schools(find(db, inspection_id, "training")) == ["Damson Primary"]
    delete_inspection(db, inspection_id)  # the responses go through the foreign keys
    assert find(db, inspection_id, "training").hits == []


def test_undoing_a_delete_makes_the_response_findable_again(db: Database) -> None:
    inspection_id, ids = build(db)
    kept = crud.row_values(crud.get(db, Response, ids["cedar"]))
    evidence.delete_response(db, ids["cedar"])
    assert find(db, inspection_id, "challenge").hits == []
    crud.restore(db, Response, [kept])  # what Edit › Undo does
    [hit] = find(db, inspection_id, "challenge").hits
    assert hit.response_id == ids["cedar"]


def test_a_replacing_import_replaces_the_words_found(db: Database) -> None:
    inspection_id, _ = build(db)
    snapshot = read_snapshot(db, inspection_id)
    for row in snapshot.responses:
        if row.text.startswith("Little challenge"):
            row.text = "Brokered support from a teaching school."
    snapshot.responses = [r for r in snapshot.responses if not r.text.startswith("Training")]
    replaced = replace(db, snapshot, expected=plan_replacement(db, snapshot)).inspection_id
    assert find(db, replaced, "challenge").hits == []
    assert schools(find(db, replaced, "brokered teaching")) == ["Cedar Primary"]
    assert schools(find(db, replaced, "training")) == ["Ash Primary"]  # Damson's is gone


def test_a_limit_says_there_are_more(db: Database) -> None:
    inspection_id, _ = build(db)
    question = evidence.list_key_questions(db, inspection_id)[0]
    school = evidence.list_inspected_schools(db, inspection_id)[0]
    evidence.add_response(db, question.id, school.school_id, C, "More governors' training.")
    assert len(find(db, inspection_id, "training").hits) == 3
    limited = find(db, inspection_id, "training", limit=2)
    assert (len(limited.hits), limited.more) == (2, True)
    exact = find(db, inspection_id, "training", limit=3)
    assert (len(exact.hits), exact.more) == (3, False)
    assert find(db, inspection_id, "training", limit=0) == SearchResult([], False)


def test_best_matches_come_first_then_by_school_name(db: Database) -> None:
    inspection_id, _ = build(db)
    question = evidence.list_key_questions(db, inspection_id)[0]
    by_name = {
        s.school.name: s.school_id for s in evidence.list_inspected_schools(db, inspection_id)
    }
    evidence.add_response(db, question.id, by_name["Cedar Primary"], H, "Governors, governors.")
    # Damson's short answer scores above Ash's longer one, though Ash comes first by name.
    assert schools(find(db, inspection_id, "governors")) == [
        "Cedar Primary",
        "Damson Primary",
        "Ash Primary",
    ]
    # The same words scoring the same: by school name, whatever order they were entered in.
    for name in ("Damson Primary", "Birch Primary", "Cedar Primary"):
        evidence.add_response(db, question.id, by_name[name], C, "Moderation works.")
    assert schools(find(db, inspection_id, "moderation")) == [
        "Birch Primary",
        "Cedar Primary",
        "Damson Primary",
    ]


def index_is_whole(path: Path) -> None:
    """FTS5's own check that the index holds exactly the words of the response table."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO response_search(response_search, rank) VALUES ('integrity-check', 1)"
        )


def test_the_sqlite_index_stays_in_step_with_the_table(sqlite_db: Database) -> None:
    inspection_id, ids = build(sqlite_db)
    evidence.update_response(sqlite_db, ids["ash"], text="Changed once.")
    evidence.update_response(sqlite_db, ids["ash"], text="Changed twice.")
    evidence.delete_response(sqlite_db, ids["birch"])
    index_is_whole(Path(sqlite_db.target))
    delete_inspection(sqlite_db, inspection_id)
    index_is_whole(Path(sqlite_db.target))
    with sqlite3.connect(sqlite_db.target) as connection:
        assert connection.execute("SELECT count(*) FROM response_search_docsize").fetchone() == (0,)


def test_an_index_damaged_out_of_step_fails_the_check(sqlite_db: Database) -> None:
    """The check above can fail: a response changed behind the triggers' back is found out."""
    build(sqlite_db)
    with sqlite3.connect(sqlite_db.target) as connection:
        connection.execute("DROP TRIGGER response_search_update")
        connection.execute("UPDATE response SET text = 'something else entirely'")
    with pytest.raises(sqlite3.DatabaseError):
        index_is_whole(Path(sqlite_db.target))


def test_reopening_the_file_keeps_the_index(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    db = open_database(str(path), user="tester")
    inspection_id, _ = build(db)
    db.close()
    db = open_database(str(path), user="tester")
    try:
        assert len(find(db, inspection_id, "training").hits) == 2
    finally:
        db.close()


@pytest.mark.parametrize("untouched", [False, True])
def test_a_file_open_read_only_can_be_searched(tmp_path: Path, untouched: bool) -> None:
    """Another window editing it, or an inspector's file only read (immutable): still found."""
    path = tmp_path / "search.sqlite"
    db = open_database(str(path), user="tester")
    inspection_id, _ = build(db)
    db.close()
    reader = open_database(str(path), read_only=True, untouched=untouched)
    try:
        assert sorted(schools(find(reader, inspection_id, "gover"))) == [
            "Ash Primary",
            "Damson Primary",
        ]
    finally:
        reader.close()

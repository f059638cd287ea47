"""Responses per theme, question and judgement, checked against the hand-counted fixture of
test_analysis.py (14 responses) with themes tagged by hand; comments give each count."""

from __future__ import annotations

import uuid
from pathlib import Path

from coventry_inspect.domain.vocabulary import (
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.reports.analysis_text import WIDTH, analysis_table
from coventry_inspect.services import evidence, themes
from coventry_inspect.services.analysis import (
    Judgement,
    ThemeCount,
    analyse,
    responses_with_theme,
    theme_counts,
)
from coventry_inspect.services.inspections import create_inspection
from coventry_inspect.store.database import Database, open_database
from tests.services.test_analysis import build
from tests.test_cli import run

H, C, G, OTHER = (
    Respondent.HEADTEACHER,
    Respondent.CHAIR_OF_GOVERNORS,
    Respondent.GOVERNOR,
    Respondent.OTHER,
)
POS, MIX, NEG, NONE = (
    Judgement.POSITIVE,
    Judgement.MIXED,
    Judgement.NEGATIVE,
    Judgement.NOT_JUDGED,
)
CLUSTERS, TRAINING, HR = "Clusters", "governor training", "HR support"


def responses(
    db: Database, inspection_id: uuid.UUID
) -> dict[tuple[str, int, Respondent], uuid.UUID]:
    """Each response by (school's first word, question number, respondent)."""
    return {
        (r.school.name.split()[0], r.key_question.number, r.respondent): r.id
        for r in evidence.list_responses(db, inspection_id)
    }


def tagged(db: Database) -> tuple[uuid.UUID, dict[tuple[str, int, Respondent], uuid.UUID]]:
    """The fixture with themes:
    - Clusters: Ash q1 head (positive), Birch q1 head (negative), Damson q2 head (positive),
      Damson q3 chair (not judged).
    - governor training: Ash q1 chair (mixed), Ash q2 governor (negative), Birch q1 other
      (positive), Fir q1 head (positive; Fir is inspected and surveyed: counted once), Elm q3
      head (its empty response: not judged).
    - HR support: only on a response of Gale, a school taken off the inspection (not counted),
      and on a response of another inspection (not counted).
    """
    inspection_id = build(db)
    ids = responses(db, inspection_id)
    for key in [("Ash", 1, H), ("Birch", 1, H), ("Damson", 2, H), ("Damson", 3, C)]:
        themes.add_theme(db, [ids[key]], CLUSTERS)
    for key in [("Ash", 1, C), ("Ash", 2, G), ("Birch", 1, OTHER), ("Fir", 1, H), ("Elm", 3, H)]:
        themes.add_theme(db, [ids[key]], TRAINING)

    question = evidence.list_key_questions(db, inspection_id)[0]
    gale = evidence.add_inspected_school(
        db, inspection_id, "100007", "Gale Primary", Phase.PRIMARY, PreviousGrade.GOOD
    )
    gone = evidence.add_response(db, question.id, gale.school_id, H, "HR is slow.", None)
    themes.add_theme(db, [gone.id, ids[("Ash", 2, H)]], HR)
    evidence.delete_inspected_school(db, gale.id)
    themes.remove_theme(db, [ids[("Ash", 2, H)]], HR)

    other = create_inspection(db, "FOC-2", InspectionKind.FOCUSED, "Testshire")
    other_question = evidence.add_key_question(db, other.id, "Anything else?")
    elsewhere = evidence.add_response(db, other_question.id, gale.school_id, H, "HR.", None)
    themes.add_theme(db, [elsewhere.id], HR)
    return inspection_id, ids


def test_theme_counts_match_the_hand_count(db: Database) -> None:
    inspection_id, _ = tagged(db)
    assert theme_counts(db, inspection_id) == (
        ThemeCount(CLUSTERS, 1, POS, 1),
        ThemeCount(CLUSTERS, 1, NEG, 1),
        ThemeCount(CLUSTERS, 2, POS, 1),
        ThemeCount(CLUSTERS, 3, NONE, 1),
        ThemeCount(TRAINING, 1, POS, 2),  # Birch's other and Fir's head, Fir once
        ThemeCount(TRAINING, 1, MIX, 1),
        ThemeCount(TRAINING, 2, NEG, 1),
        ThemeCount(TRAINING, 3, NONE, 1),
    )
    # Themes change nothing in the counts of responses.
    assert analyse(db, inspection_id).total == 14


def test_the_responses_with_a_theme_are_listed_by_school_question_and_respondent(
    db: Database,
) -> None:
    inspection_id, ids = tagged(db)
    assert responses_with_theme(db, inspection_id, CLUSTERS) == [
        ids[("Ash", 1, H)],
        ids[("Birch", 1, H)],
        ids[("Damson", 2, H)],
        ids[("Damson", 3, C)],
    ]
    # Typed in another case or spacing, a theme is the same theme.
    assert responses_with_theme(db, inspection_id, "  Governor   TRAINING ") == [
        ids[("Ash", 1, C)],
        ids[("Ash", 2, G)],
        ids[("Birch", 1, OTHER)],
        ids[("Elm", 3, H)],
        ids[("Fir", 1, H)],
    ]
    assert responses_with_theme(db, inspection_id, HR) == []  # Gale's is not counted
    assert responses_with_theme(db, inspection_id, "no such theme") == []


def test_the_counts_follow_tags_and_judgements(db: Database) -> None:
    inspection_id, ids = tagged(db)
    evidence.update_response(db, ids[("Ash", 1, H)], judgement=ResponseJudgement.NEGATIVE)
    themes.remove_theme(db, [ids[("Damson", 3, C)]], CLUSTERS)
    themes.set_themes(db, ids[("Elm", 1, H)], ["clusters"])  # stored as "Clusters"
    counts = [c for c in theme_counts(db, inspection_id) if c.theme == CLUSTERS]
    assert counts == [
        ThemeCount(CLUSTERS, 1, POS, 1),  # Elm's head
        ThemeCount(CLUSTERS, 1, NEG, 2),  # Ash's head, now negative, and Birch's
        ThemeCount(CLUSTERS, 2, POS, 1),
    ]
    evidence.delete_response(db, ids[("Birch", 1, H)])
    assert ThemeCount(CLUSTERS, 1, NEG, 1) in theme_counts(db, inspection_id)


def test_an_inspection_without_themes_has_no_theme_counts(db: Database) -> None:
    inspection_id = build(db)
    assert theme_counts(db, inspection_id) == ()
    assert responses_with_theme(db, inspection_id, CLUSTERS) == []


def test_the_readable_table_ends_with_the_themes(sqlite_db: Database) -> None:
    inspection_id, _ = tagged(sqlite_db)
    table = analysis_table(
        analyse(sqlite_db, inspection_id), theme_counts(sqlite_db, inspection_id)
    )
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    start = next(n for n, line in enumerate(lines) if line.startswith("Theme"))
    assert lines[start].split() == [
        *("Theme", "Question", "Positive", "Mixed", "Negative", "Not", "judged", "All")
    ]
    # Positive, Mixed, Negative, Not judged, All.
    assert [line.split() for line in lines[start + 2 :]] == [
        ["Clusters", "1", "1", "0", "1", "0", "2"],
        ["2", "1", "0", "0", "0", "1"],
        ["3", "0", "0", "0", "1", "1"],
        ["all", "2", "0", "1", "1", "4"],
        ["governor", "training", "1", "2", "1", "0", "0", "3"],
        ["2", "0", "0", "1", "0", "1"],
        ["3", "0", "0", "0", "1", "1"],
        ["all", "2", "1", "1", "1", "5"],
    ]
    # Without themes the table is as it was.
    assert analysis_table(analyse(sqlite_db, inspection_id)) == table.split("\n\nTheme")[0] + "\n"


def test_the_cli_table_shows_the_themes_and_the_csv_does_not(tmp_path: Path) -> None:
    path = tmp_path / "themes.sqlite"
    db = open_database(str(path), user="tester")
    try:
        tagged(db)
    finally:
        db.close()
    table = run("analysis", "--db", str(path), "--inspection", "FOC-1")
    assert table.returncode == 0, table.stderr
    assert "Clusters" in table.stdout
    assert table.stdout.splitlines()[-1].split() == ["all", "2", "1", "1", "1", "5"]
    as_csv = run("analysis", "--db", str(path), "--inspection", "FOC-1", "--csv")
    assert as_csv.returncode == 0, as_csv.stderr
    assert "Clusters" not in as_csv.stdout
    assert sum(int(line.rsplit(",", 1)[1]) for line in as_csv.stdout.splitlines()[1:]) == 14

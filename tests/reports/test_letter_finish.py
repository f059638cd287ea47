"""The letter's finish on the command line and through a workbook: the evaluative paragraph must
be written or left out before the letter prints; the letterhead and closing come from the sender's
settings; a settings file that cannot be read gives the defaults and one line, never a traceback."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.letter import EVALUATION_KEY
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.preferences import (
    CONFIG_ENV,
    DEFAULT_CLOSING,
    Preferences,
    read_preferences,
    save_preferences,
)
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection, update_inspection
from coventry_inspect.services.letter import LetterBlock, current_letter, final_blocks, reword
from coventry_inspect.services.snapshot import read_snapshot, replace_inspection
from coventry_inspect.store.database import Database, open_database
from tests.pdf_text import pdf_text
from tests.test_cli import assert_refused, run

REF = "COV-2013-03"
OFSTED = Preferences(
    organisation="Ofsted",
    address="Aviation House\n125 Kingsway\nLondon WC2B 6SE",
    phone="0300 123 1231",
    email="enquiries@ofsted.gov.uk",
    website="www.ofsted.gov.uk",
    direct_phone="0300 0130536",
    direct_email="louise.soden@ofsted.gov.uk",
    closing="With thanks to everyone who talked with our inspectors.",
)


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    path = tmp_path / "examples.sqlite"
    db = open_database(str(path))
    install_examples(db)
    db.close()
    return path


def prompt_of(db: Database, inspection: uuid.UUID) -> str:
    """The evaluation's prompt as the letter now generates it (it names the outcomes)."""
    return next(
        i.generated for i in current_letter(db, inspection) if i.block.key == EVALUATION_KEY
    )


def _unwrite_evaluation(path: Path) -> None:
    """Back to the state of a new letter: the evaluation not yet written."""
    db = open_database(str(path))
    try:
        inspection = choose_inspection(db, REF).id
        prompt = prompt_of(db, inspection)
        reword(db, inspection, EVALUATION_KEY, prompt, prompt)
    finally:
        db.close()


def test_an_unwritten_evaluation_refuses_the_pdf_saying_what_to_do(
    examples: Path, tmp_path: Path
) -> None:
    _unwrite_evaluation(examples)
    pdf = tmp_path / "letter.pdf"
    result = run("letter", "--db", str(examples), "--inspection", REF, "--pdf", str(pdf))
    assert_refused(
        result,
        f"{REF}: the letter is not ready to print: write the paragraph after the outcomes",
    )
    assert 'in the Letter view, or choose "Leave this paragraph out" there' in result.stderr
    assert "outcomes/evaluation" not in result.stderr  # no internal key in a message
    assert not pdf.exists()
    # The text shows where the paragraph goes, so it can still be read and discussed.
    text = run("letter", "--db", str(examples), "--inspection", REF, "--text").stdout
    assert "[To write: what these outcomes mean" in text


def test_a_letter_with_no_address_is_refused(examples: Path, tmp_path: Path) -> None:
    db = open_database(str(examples))
    try:
        inspection = choose_inspection(db, REF).id
        update_inspection(
            db, inspection, addressee_name="", addressee_title="", addressee_address=""
        )
    finally:
        db.close()
    pdf = tmp_path / "letter.pdf"
    result = run("letter", "--db", str(examples), "--inspection", REF, "--pdf", str(pdf))
    assert_refused(result, "enter the addressee's name and address on the Details page")
    assert not pdf.exists()


def test_letterhead_and_closing_from_the_settings_print_on_the_letter(
    examples: Path, tmp_path: Path
) -> None:
    config = tmp_path / "letter.json"
    save_preferences(OFSTED, config)
    pdf = tmp_path / "letter.pdf"
    env = {CONFIG_ENV: str(config)}
    result = run("letter", "--db", str(examples), "--inspection", REF, "--pdf", str(pdf), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first_page = pdf_text(pdf, first=1, last=1)
    head = first_page[: first_page.index("10 April 2013")]
    for line in (
        "Ofsted",
        "Aviation House",
        "125 Kingsway",
        "London WC2B 6SE",
        "T 0300 123 1231",
        "enquiries@ofsted.gov.uk",
        "www.ofsted.gov.uk",
        "Direct T 0300 0130536",
        "louise.soden@ofsted.gov.uk",
    ):
        assert line in head, line  # above the date, as the reference letter has it
    text = " ".join(pdf_text(pdf).split())
    assert "With thanks to everyone who talked with our inspectors. Yours sincerely" in text
    assert "Please pass on my thanks" not in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the letter settings are not valid JSON (line 1, column 2"),
        ('["a list"]', "the letter settings are not a JSON object"),
        ('{"phone": 1234}', "the letter setting 'phone' is not text"),
        (b"\xff\xfe{", "the letter settings could not be read"),
    ],
)
def test_a_malformed_settings_file_gives_the_defaults_and_one_line(
    examples: Path, tmp_path: Path, content: str | bytes, message: str
) -> None:
    config = tmp_path / "letter.json"
    if isinstance(content, bytes):
        config.write_bytes(content)
    else:
        config.write_text(content, encoding="utf-8")
    preferences, problem = read_preferences(config)
    assert preferences == Preferences()
    assert message in problem
    assert problem.startswith(f"{config}: ")
    assert problem.endswith("using the defaults")
    result = run(
        "letter",
        "--db",
        str(examples),
        "--inspection",
        REF,
        "--text",
        env={CONFIG_ENV: str(config)},
    )
    assert result.returncode == 0
    assert result.stderr == f"coventry-inspect: {problem}\n"  # one line, no traceback
    assert DEFAULT_CLOSING in result.stdout


def test_settings_are_saved_whole_and_read_back(tmp_path: Path) -> None:
    config = tmp_path / "sub" / "letter.json"
    save_preferences(OFSTED, config)
    assert read_preferences(config) == (OFSTED, "")
    assert json.loads(config.read_text(encoding="utf-8"))["organisation"] == "Ofsted"
    assert read_preferences(tmp_path / "missing.json") == (Preferences(), "")


def test_the_evaluation_round_trips_through_the_workbook(examples: Path, tmp_path: Path) -> None:
    """Written, left out, or still to write: each comes back as it went out."""
    db = open_database(str(examples))
    try:
        inspection = choose_inspection(db, REF).id
        written = next(i for i in current_letter(db, inspection) if i.block.key == EVALUATION_KEY)
        assert written.block.text.startswith("It is positive that")
        prompt = written.generated
        for state, text in (
            ("written", written.block.text),
            ("left out", ""),
            ("to write", prompt),
        ):
            reword(db, inspection, EVALUATION_KEY, text, prompt)
            out = tmp_path / f"{state}.xlsx"
            export_workbook(read_snapshot(db, inspection), out, final_blocks(db, inspection))
            keys = [r[1] for r in load_workbook(out)["Letter"].iter_rows(values_only=True)]
            assert EVALUATION_KEY in keys, state
            other = open_database(str(tmp_path / f"{state}.sqlite"))
            try:
                imported = replace_inspection(other, read_workbook(out))
                again = {i.block.key: i for i in current_letter(other, imported)}[EVALUATION_KEY]
                before = {i.block.key: i for i in current_letter(db, inspection)}[EVALUATION_KEY]
                assert (again.block, again.removed) == (before.block, before.removed), state
            finally:
                other.close()
    finally:
        db.close()


def test_written_in_excel_the_evaluation_is_the_inspectors(
    sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, REF).id
    prompt = prompt_of(sqlite_db, inspection)
    reword(sqlite_db, inspection, EVALUATION_KEY, prompt, prompt)
    out = tmp_path / "letter.xlsx"
    export_workbook(read_snapshot(sqlite_db, inspection), out, final_blocks(sqlite_db, inspection))
    workbook = load_workbook(out)
    row = next(r for r in workbook["Letter"].iter_rows() if r[1].value == EVALUATION_KEY)
    assert row[0].value == prompt
    row[0].value = "It is positive that the centre is outstanding."
    workbook.save(out)
    (rewording,) = [r for r in read_workbook(out).rewordings if r.key == EVALUATION_KEY]
    assert (rewording.text, rewording.based_on) == (
        "It is positive that the centre is outstanding.",
        prompt,
    )


def test_a_written_evaluation_is_flagged_when_an_outcome_changes(sqlite_db: Database) -> None:
    """Found in a trial: a paragraph on "two schools placed in special measures" still printed,
    unflagged, after a grade changed. The prompt names the outcomes it was written against."""
    from coventry_inspect.domain.vocabulary import SchoolGrade
    from coventry_inspect.services import evidence

    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, REF).id

    def evaluation() -> LetterBlock:
        return {i.block.key: i for i in current_letter(sqlite_db, inspection)}[EVALUATION_KEY]

    fresh = evaluation()
    assert fresh.edited
    assert not fresh.facts_changed
    assert "(2 outstanding, 2 good, 5 requiring improvement and 2 inadequate; " in fresh.generated
    inadequate = next(
        row
        for row in evidence.list_inspected_schools(sqlite_db, inspection)
        if row.outcome_grade is SchoolGrade.INADEQUATE
    )
    evidence.update_inspected_school(
        sqlite_db, inadequate.id, outcome_grade=SchoolGrade.GOOD, inadequate_category=None
    )
    changed = evaluation()
    assert changed.block.text.startswith("It is positive that")
    assert changed.facts_changed
    assert "3 good, 5 requiring improvement and 1 inadequate" in changed.generated

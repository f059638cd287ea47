"""The inspector's wording of the letter survives export → import, also through a spreadsheet."""

from __future__ import annotations

import uuid
from pathlib import Path

from openpyxl import load_workbook

from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.letter import current_letter, final_blocks, reword
from coventry_inspect.services.snapshot import read_snapshot, replace_inspection
from coventry_inspect.store.database import Database, open_database
from tests.exchange.test_libreoffice import soffice

OUTCOME = "inspection-and-survey-outcomes/b4"


def _reworded(db: Database) -> tuple[Database, uuid.UUID]:
    inspection = choose_inspection(db, "COV-2013-03").id
    letter = {item.block.key: item for item in current_letter(db, inspection)}
    reword(
        db,
        inspection,
        OUTCOME,
        "Two schools went into special measures.",
        letter[OUTCOME].generated,
    )
    reword(
        db,
        inspection,
        "strengths/b1",
        "A strength, in my words.\n\nAnd a paragraph of my own.",
        letter["strengths/b1"].generated,
    )
    return db, inspection


def _export(db: Database, inspection: uuid.UUID, path: Path) -> None:
    export_workbook(read_snapshot(db, inspection), path, final_blocks(db, inspection))


def _letter_texts(path: Path) -> list[object]:
    return [row[0] for row in load_workbook(path)["Letter"].iter_rows(values_only=True)]


def test_rewordings_round_trip_through_a_file(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    db, inspection = _reworded(examples_db)
    _export(db, inspection, out)
    sheet = load_workbook(out)["Letter"]
    # The keys ride in hidden columns; the sheet prints column A only, as before.
    assert sheet.column_dimensions["B"].hidden
    assert sheet.column_dimensions["C"].hidden
    assert sheet.print_area == f"'Letter'!$A$1:$A${sheet.max_row}"
    other = open_database(str(tmp_path / "other.sqlite"), user="tester")
    try:
        imported = replace_inspection(other, read_workbook(out))
        assert read_snapshot(other, imported) == read_snapshot(db, inspection)
        assert [b.text for b in final_blocks(other, imported)] == [
            b.text for b in final_blocks(db, inspection)
        ]
        again = tmp_path / "again.xlsx"
        _export(other, imported, again)
    finally:
        other.close()
    assert _letter_texts(again) == _letter_texts(out)


def test_a_paragraph_edited_in_excel_imports_as_a_rewording(
    examples_db: Database, out: Path
) -> None:
    inspection = choose_inspection(examples_db, "COV-2013-03").id
    _export(examples_db, inspection, out)
    # Generated text is not a rewording; the example's evaluation paragraph is the inspector's.
    assert [r.key for r in read_workbook(out).rewordings] == ["outcomes/evaluation"]
    workbook = load_workbook(out)
    sheet = workbook["Letter"]
    rows = {row[1].value: row for row in sheet.iter_rows() if row[1].value}
    rows["salutation"][0].value = "Dear Mr Green"
    rows["strengths/b2"][0].value = "•  Schools say so, in the Excel user's words."
    workbook.save(out)
    rewordings = {r.key: r for r in read_workbook(out).rewordings}
    assert {k: r.text for k, r in rewordings.items() if k != "outcomes/evaluation"} == {
        "salutation": "Dear Mr Green",
        "strengths/b2": "Schools say so, in the Excel user's words.",
    }
    assert rewordings["salutation"].based_on == "Dear Colin"


def test_workbooks_without_the_letter_or_its_keys_import_without_rewordings(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    db, inspection = _reworded(examples_db)
    _export(db, inspection, out)
    expected = read_snapshot(db, inspection)
    expected.rewordings = []
    no_keys = load_workbook(out)
    no_keys["Letter"].delete_cols(2, 2)
    no_keys.save(tmp_path / "no-keys.xlsx")
    assert read_workbook(tmp_path / "no-keys.xlsx") == expected
    no_letter = load_workbook(out)
    no_letter.remove(no_letter["Letter"])
    no_letter.save(tmp_path / "no-letter.xlsx")
    assert read_workbook(tmp_path / "no-letter.xlsx") == expected


def test_rewordings_survive_a_libreoffice_resave(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    db, inspection = _reworded(examples_db)
    _export(db, inspection, out)
    resaved = tmp_path / "resaved"
    result = soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(out)
    )
    assert result.returncode == 0, result.stderr
    assert read_workbook(resaved / out.name) == read_snapshot(db, inspection)


def _letter_row(workbook: object, key: str) -> int:
    sheet = workbook["Letter"]  # type: ignore[index]
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 2).value == key)


def test_letter_edits_that_would_be_lost_are_refused(
    examples_db: Database, out: Path, tmp_path: Path
) -> None:
    """A rewording under a key the letter does not have would never print; a paragraph with
    no key belongs nowhere. Both are refused, naming the row, rather than dropped."""
    import pytest

    from coventry_inspect.exchange.errors import WorkbookInvalid

    db, inspection = _reworded(examples_db)
    _export(db, inspection, out)
    workbook = load_workbook(out)
    row = _letter_row(workbook, "salutation")
    sheet = workbook["Letter"]
    sheet.cell(row, 1).value = "Dear Colin and colleagues"
    sheet.cell(row, 2).value = "salutation/p99"
    sheet.insert_rows(row + 1)
    sheet.cell(row + 1, 1).value = "A paragraph typed into the workbook."
    workbook.save(tmp_path / "edited.xlsx")
    with pytest.raises(WorkbookInvalid) as refused:
        read_workbook(tmp_path / "edited.xlsx")
    assert [str(p) for p in refused.value.problems] == [
        f"Letter, row {row}, column \"Block key\": 'salutation/p99' is not a paragraph of this "
        "letter",
        f'Letter, row {row + 1}, column "A": this paragraph has no block key (hidden column B), '
        "so it belongs to no part of the letter: add paragraphs in Coventry Inspect's Letter "
        "view, or put back the key of the paragraph it rewords",
    ]

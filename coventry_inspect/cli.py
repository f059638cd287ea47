"""The command line of DESIGN §6.

Exit status: 0 success, 1 bad input or a file that could not be written (one line per problem
on stderr, never a traceback), 2 usage errors (argparse's own).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from coventry_inspect import __version__, paths

if TYPE_CHECKING:
    from coventry_inspect.services.merge import MergePlan
    from coventry_inspect.services.snapshot import InspectionSnapshot
    from coventry_inspect.store.database import Database

PROG = "coventry-inspect"


class UserError(Exception):
    """Bad input from the user: reported in one line, exit status 1."""


def _pdf_name(text: str) -> Path:
    """--annex's file: an empty name is a usage error, not "." refused as not a .pdf."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name: give the PDF to save, e.g. annex.pdf")
    return Path(text)


def _database_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="SQLite file or postgresql+psycopg:// URL "
        f"(default: ${paths.DB_ENV} or the file in the user data folder)",
    )


def _wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="if the database is open in Coventry Inspect elsewhere, wait this long for it",
    )


def _prefer_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prefer",
        choices=("here", "there"),
        help="settle every conflict with this side's value (without it a conflict merges nothing)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Record school inspection evidence and produce its documents."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _database_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    example = commands.add_parser("example", help="write the two example inspections")
    _database_option(example, argparse.SUPPRESS)
    _wait_option(example)
    listing = commands.add_parser(
        "list", help="list the inspections: reference, kind, authority, dates"
    )
    _database_option(listing, argparse.SUPPRESS)

    template = commands.add_parser("template", help="write a blank workbook for a team to fill in")
    template.add_argument("--kind", choices=("focused", "lea"), required=True)
    template.add_argument("--out", type=Path, required=True, metavar="F.xlsx")

    importing = commands.add_parser(
        "import", help="create or replace the inspection in a workbook (matched by Reference)"
    )
    importing.add_argument("workbook", type=Path, metavar="F.xlsx")
    importing.add_argument(
        "--dry-run", action="store_true", help="check the workbook, write nothing"
    )
    importing.add_argument(
        "--merge",
        action="store_true",
        help="merge an inspector's workbook into the inspection instead of replacing it",
    )
    _prefer_option(importing)
    _database_option(importing, argparse.SUPPRESS)
    _wait_option(importing)

    merge = commands.add_parser(
        "merge", help="bring an inspector's database file (or URL) into this one"
    )
    merge.add_argument("other", metavar="OTHER", help="SQLite file or postgresql+psycopg:// URL")
    _database_option(merge, argparse.SUPPRESS)
    merge.add_argument("--inspection", metavar="REF", help="needed when OTHER holds several")
    _prefer_option(merge)
    merge.add_argument(
        "--dry-run", action="store_true", help="say what would change, write nothing"
    )
    _wait_option(merge)

    export = commands.add_parser("export", help="write an inspection's workbook")
    _database_option(export, argparse.SUPPRESS)
    export.add_argument(
        "--inspection", metavar="REF", help="needed when the database holds several"
    )
    export.add_argument("--out", type=Path, required=True, metavar="F.xlsx")
    handing_out = export.add_mutually_exclusive_group()
    handing_out.add_argument(
        "--inspector", metavar="NAME", help="only the schools assigned to this inspector"
    )
    handing_out.add_argument("--schools", metavar="URN,URN", help="only these schools")
    _wait_option(export)

    letter = commands.add_parser(
        "letter", help="the summary letter (or, for an LEA inspection, the judgement record)"
    )
    _database_option(letter, argparse.SUPPRESS)
    letter.add_argument(
        "--inspection", metavar="REF", help="needed when the database holds several"
    )
    output = letter.add_mutually_exclusive_group(required=True)
    output.add_argument("--pdf", type=Path, metavar="F.pdf", help="save as an A4 PDF")
    output.add_argument("--text", action="store_true", help="print as plain text")

    analysis = commands.add_parser(
        "analysis", help="a focused inspection's responses counted by question and judgement"
    )
    _database_option(analysis, argparse.SUPPRESS)
    analysis.add_argument(
        "--inspection", metavar="REF", help="needed when the database holds several"
    )
    analysis_output = analysis.add_mutually_exclusive_group()
    analysis_output.add_argument(
        "--csv", action="store_true", help="write tidy CSV rows to standard output instead"
    )
    analysis_output.add_argument(
        "--annex",
        type=_pdf_name,
        metavar="OUT.pdf",
        help="save the evidence annex (for the inspection team) as an A4 PDF instead",
    )

    history = commands.add_parser("history", help="who changed what, when, in an inspection")
    _database_option(history, argparse.SUPPRESS)
    history.add_argument(
        "--inspection", metavar="REF", help="needed when the database holds several"
    )

    restore = commands.add_parser(
        "restore", help="put a backup back in place of the database (which is backed up first)"
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP.sqlite")
    _database_option(restore, argparse.SUPPRESS)
    _wait_option(restore)

    register = commands.add_parser("register", help="the school register")
    register_commands = register.add_subparsers(
        dest="register_command", metavar="ACTION", required=True
    )
    register_import = register_commands.add_parser(
        "import", help="bring in a GIAS establishments file (.csv or .xlsx), upserting by URN"
    )
    register_import.add_argument("file", type=Path, metavar="GIAS.csv")
    _database_option(register_import, argparse.SUPPRESS)
    _wait_option(register_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "import" and args.prefer and not args.merge:
        parser.error("--prefer goes with --merge")
    handler: Callable[[argparse.Namespace], int] = {
        None: _open_gui,
        "example": _example,
        "list": _list,
        "template": _template,
        "import": _import,
        "export": _export,
        "register": _register_import,
        "letter": _letter,
        "analysis": _analysis,
        "history": _history,
        "restore": _restore,
        "merge": _merge,
    }[args.command]
    try:
        return handler(args)
    except UserError as error:
        _fail(str(error))
    except BrokenPipeError:  # `history | head`: the reader has all it wanted
        return _reader_gone()
    except Exception as error:  # a bug: logged in full, reported in one line
        from coventry_inspect.exchange.errors import WorkbookError, WorkbookInvalid
        from coventry_inspect.files import WriteError
        from coventry_inspect.services.errors import ServiceError
        from coventry_inspect.store.backup import damage_message, is_damage
        from coventry_inspect.store.database import is_url
        from coventry_inspect.store.errors import DatabaseError

        known: tuple[type[Exception], ...] = (
            DatabaseError,
            ServiceError,
            WorkbookError,
            WriteError,
        )
        fonts = sys.modules.get("coventry_inspect.reports.fonts")
        if fonts is not None:  # a FontError is only raised once it is loaded: Qt not loaded for it
            known += (fonts.FontError,)
        target = getattr(args, "db", None) or paths.default_database()
        if is_damage(error) and not is_url(target):
            _fail(damage_message(Path(target)))
        elif isinstance(error, WorkbookInvalid):
            for problem in error.problems:
                _fail(f"{error.path}: {problem}")
            count = len(error.problems)
            _fail(
                f"{error.path}: nothing was imported ({count} problem{'s' if count != 1 else ''})"
            )
        elif isinstance(error, known):
            _fail(str(error))
        else:
            log_file = _log_unexpected(error)
            _fail(f"unexpected error: {error!r}; details in {log_file}")
    return 1


def _reader_gone() -> int:
    """Stdout's reader closed the pipe: stop quietly, as shell tools do (exit 128 + SIGPIPE).
    What the command wrote to the database it had committed before printing about it."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    return 141


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _log_unexpected(error: BaseException) -> Path:
    log_file = paths.log_file()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as handle:
            import traceback

            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        pass
    return log_file


def open_target(target: str | None, *, create: bool) -> Database:
    from coventry_inspect.services.databases import open_target as open_named_or_default
    from coventry_inspect.store.errors import PasswordError

    try:
        return open_named_or_default(target, create=create)
    except PasswordError as error:  # $COVENTRY_INSPECT_DB may name the team database too
        asked = _ask_password(target or paths.default_database(), error)
        return open_named_or_default(asked, create=create)


def _ask_password(target: str, refused: Exception) -> str:
    """The team database's URL with the password typed at the terminal: asked only when neither
    the keyring nor libpq's own PGPASSWORD or ~/.pgpass gave one the server accepts."""
    import getpass

    from coventry_inspect.store.passwords import account, with_password

    if not sys.stdin.isatty():
        raise UserError(
            f"{refused}; no terminal to ask for it: keep it in the system keyring (File › Connect "
            "to team database…), in PGPASSWORD or in ~/.pgpass"
        )
    try:
        password = getpass.getpass(f"Password for {account(target)}: ")
    except (EOFError, KeyboardInterrupt):
        raise UserError(f"{refused}: no password given") from None
    return with_password(target, password)


@contextmanager
def holding_lock(args: argparse.Namespace) -> Iterator[None]:
    """Hold the database's lock for a writing command (waiting up to ``--wait`` seconds for it),
    so a command never writes under an open window."""
    from coventry_inspect.store.database import is_url
    from coventry_inspect.store.lock import DatabaseLock, DatabaseLockedError

    target = args.db or paths.default_database()
    if is_url(target) or not Path(target).expanduser().parent.is_dir():
        yield
        return
    lock = DatabaseLock(Path(target).expanduser(), f"{PROG} {args.command}")
    try:
        lock.acquire(args.wait)
    except DatabaseLockedError as locked:
        hint = f" (waited {args.wait:g} seconds)" if args.wait else " (or wait with --wait SECONDS)"
        raise UserError(f"{locked}{hint}") from locked
    except OSError:
        yield  # no lock can be made beside it: a read-only file, refused when it is written
        return
    try:
        yield
    finally:
        lock.release()


@contextmanager
def open_for_writing(args: argparse.Namespace, *, create: bool = True) -> Iterator[Database]:
    """The database a writing command changes, its lock held, refused at once when it can only
    be read."""
    with holding_lock(args):
        db = open_target(args.db, create=create)
        try:
            if db.read_only:
                raise UserError(
                    f"{db.target} can only be read ({db.read_only_reason}): nothing was "
                    "changed; copy it to a folder you can write to and try again"
                )
            yield db
        finally:
            db.close()


def _example(args: argparse.Namespace) -> int:
    from coventry_inspect.services.examples import install_examples

    with open_for_writing(args) as db:
        for reference in install_examples(db):
            print(f"wrote {reference}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from coventry_inspect.domain.wording import date_range
    from coventry_inspect.services.inspections import list_inspections

    db = open_target(args.db, create=False)
    try:
        rows = [
            (
                i.reference,
                i.kind.label,
                i.local_authority.name,
                date_range(i.start_date, i.end_date),
            )
            for i in list_inspections(db)
        ]
    finally:
        db.close()
    if not rows:
        print("no inspections")
        return 0
    header = ("Reference", "Kind", "Authority", "Dates")
    widths = [max(len(r[c]) for r in (header, *rows)) for c in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _template(args: argparse.Namespace) -> int:
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.exchange.writer import write_template

    _check_output(args.out)
    kind = InspectionKind.FOCUSED if args.kind == "focused" else InspectionKind.LEA
    write_template(kind, args.out)
    print(f"wrote {args.out}: a blank workbook for a {kind.label.lower().replace('lea', 'LEA')}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from coventry_inspect.exchange.writer import export_workbook, focused_analysis
    from coventry_inspect.services.inspections import choose_inspection
    from coventry_inspect.services.snapshot import read_snapshot

    _check_output(args.out)
    from coventry_inspect.services.letter import final_blocks

    if args.inspector is not None or args.schools is not None:
        return _export_for_inspector(args)
    db = open_target(args.db, create=False)
    try:
        inspection_id = choose_inspection(db, args.inspection).id
        snapshot = read_snapshot(db, inspection_id)
        letter = final_blocks(db, inspection_id)
        analysis = focused_analysis(db, inspection_id, snapshot)
    finally:
        db.close()
    export_workbook(snapshot, args.out, letter, analysis=analysis)
    print(f"wrote {args.out}: {snapshot.details.reference}")
    return 0


def _export_for_inspector(args: argparse.Namespace) -> int:
    """Only some schools, for the inspector who visits them (DESIGN §6): the hand-out is
    recorded in the database, so its lock is held."""
    from coventry_inspect.exchange.writer import export_for_inspector
    from coventry_inspect.services.handout import Choice
    from coventry_inspect.services.inspections import choose_inspection

    urns = tuple(u.strip() for u in (args.schools or "").split(",") if u.strip())
    if args.schools is not None and not urns:
        raise UserError("--schools needs one or more URNs, separated by commas")
    with open_for_writing(args, create=False) as db:
        inspection_id = choose_inspection(db, args.inspection).id
        choice = Choice(args.inspector or "", urns)
        done = export_for_inspector(db, inspection_id, choice, args.out)
    print(f"wrote {args.out}: {done.summary()}")
    return 0


def _import(args: argparse.Namespace) -> int:
    if args.merge:
        return _merge(args)

    from coventry_inspect.exchange.kept import keep_before_import
    from coventry_inspect.exchange.reader import read_workbook
    from coventry_inspect.services.replacement import plan_replacement, replace
    from coventry_inspect.store.database import is_url

    snapshot = read_workbook(args.workbook)  # every problem found before the database is opened
    reference = snapshot.details.reference
    contents = _describe(snapshot)
    target = args.db or paths.default_database()
    if args.dry_run and not is_url(target) and not Path(target).exists():
        print(
            f"{args.workbook}: no problems; would create {reference} ({contents}) in a new database"
        )
        return 0
    if args.dry_run:
        db = open_target(args.db, create=True)
        try:
            plan = plan_replacement(db, snapshot)
        finally:
            db.close()
        action = "replace" if plan.replacing else "create"
        print(f"{args.workbook}: no problems; would {action} {reference} ({contents})")
        for line in plan.lines() if plan.replacing else []:
            print(f"  {line}")
        return 0
    with open_for_writing(args) as db:
        plan = plan_replacement(db, snapshot)
        if plan.replacing and not plan.changes_anything:  # no history row, no kept copy
            print(f"{reference} is already as {args.workbook.name} has it: nothing changed")
            return 0
        kept = keep_before_import(db, reference) if plan.replacing else None
        verb = "replaced" if plan.replacing else "imported"
        done = replace(db, snapshot, record=(verb, f"from {args.workbook.name}"), expected=plan)
    print(f"{'replaced' if plan.replacing else 'created'} {reference} ({contents})")
    if plan.replacing:
        print(f"  {done.plan.summary()}")
    _say_kept(reference, kept, args.db)
    return 0


def _say_kept(reference: str, kept: Path | None, db: str | None) -> None:
    """Where the inspection as it was before an import or a merge is kept, and how to put it
    back (the database named whole: the command must work from any folder)."""
    import shlex

    from coventry_inspect.store.database import is_url

    target = db or paths.default_database()
    if kept and kept.suffix == ".xlsx":
        whole = target if is_url(target) else str(Path(target).absolute())
        back = f"coventry-inspect import {shlex.quote(str(kept))} --db {shlex.quote(whole)}"
        print(f"{reference} as it was is kept at {kept}; `{back}` puts it back")
    elif kept:
        print(f"the database as it was is backed up at {kept}")


def _merge(args: argparse.Namespace) -> int:
    """``import F.xlsx --merge`` and ``merge OTHER``: plan, stop at conflicts unless --prefer
    settles them, then merge in one transaction."""
    from coventry_inspect.exchange.kept import keep_before_import
    from coventry_inspect.exchange.merge_source import plan_workbook_merge
    from coventry_inspect.services.merge import apply_merge, plan_database_merge

    def plan(db: Database) -> MergePlan:
        if args.command == "merge":
            return plan_database_merge(db, args.other, inspection=args.inspection)
        return plan_workbook_merge(db, args.workbook)

    if args.dry_run:
        db = open_target(args.db, create=False)
        try:
            shown = plan(db)
        finally:
            db.close()
        return _report_merge(shown, args.prefer, dry_run=True)
    with open_for_writing(args, create=False) as db:
        shown = plan(db)
        if shown.conflicts and not args.prefer:
            return _report_merge(shown, None, dry_run=False)
        if not shown.changes_anything:
            print(f"{shown.reference} already has everything in {shown.source}: nothing changed")
            return 0
        kept = keep_before_import(db, shown.reference)  # a merge changes one inspection
        done = apply_merge(db, shown, {c: args.prefer for c in shown.conflicts})
    print(f"merged {done.source} into {done.reference}: {done.summary()}")
    _say_kept(done.reference, kept, args.db)
    return 0


def _report_merge(plan: MergePlan, prefer: str | None, *, dry_run: bool) -> int:
    """What a merge would do (dry run), or why it did nothing (conflicts and no --prefer)."""
    if dry_run:
        print(f"{plan.source}: would merge into {plan.reference}: {plan.summary()}")
        for verb, lines in (
            ("add", plan.added),
            ("change", plan.changed),
            ("delete", plan.deleted),
            ("keep", plan.kept),
        ):
            for line in lines:  # a row added and one deleted read alike without the verb
                print(f"  {verb} {line}")
        if prefer:
            for conflict in plan.conflicts:
                print(f"  {conflict.line()}: {prefer} would be kept")
    if plan.conflicts and not prefer:
        for conflict in plan.conflicts:
            _fail(conflict.line())
        count = len(plan.conflicts)
        _fail(
            f"{plan.source}: {count} conflict{'s' if count != 1 else ''}; nothing was merged: "
            "choose with --prefer here or --prefer there"
        )
        return 1
    return 0


def _describe(snapshot: InspectionSnapshot) -> str:
    parts = {
        "schools inspected": len(snapshot.inspected),
        "surveyed": len(snapshot.surveyed),
        "key questions": len(snapshot.questions),
        "responses": len(snapshot.responses),
        "findings": len(snapshot.findings),
        "judgements": len(snapshot.judgements),
        "recommendations": len(snapshot.recommendations),
        "themes": len(snapshot.themes),
        "evidence links": len(snapshot.evidence),
    }
    return ", ".join(f"{n} {name}" for name, n in parts.items() if n) or "no rows"


def _letter(args: argparse.Namespace) -> int:
    from coventry_inspect.domain.letter import as_text
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.services.inspections import choose_inspection
    from coventry_inspect.services.letter import (
        LetterNotReadyError,
        check_printable,
        final_blocks,
    )
    from coventry_inspect.services.snapshot import read_snapshot

    if args.pdf is not None:
        if args.pdf.suffix.lower() != ".pdf":
            raise UserError(f"{args.pdf}: the letter is saved as a .pdf file")
        _check_folder(args.pdf)
    db = open_target(args.db, create=False)
    try:
        inspection_id = choose_inspection(db, args.inspection).id
        snapshot = read_snapshot(db, inspection_id)
        blocks = final_blocks(db, inspection_id)
    finally:
        db.close()
    lea = snapshot.details.kind is InspectionKind.LEA
    if not lea:
        from coventry_inspect.preferences import read_preferences

        if problem := read_preferences()[1]:  # the letter goes out with the defaults
            print(f"{PROG}: {problem}", file=sys.stderr)
    if args.text:
        from coventry_inspect.reports.record import record_text

        sys.stdout.write(record_text(snapshot) if lea else as_text(blocks))
        return 0
    if not lea:
        try:
            check_printable(blocks, snapshot.details.reference)
        except LetterNotReadyError as error:
            raise UserError(str(error)) from error
    if lea:
        from coventry_inspect.reports.record import write_record_pdf

        pages = write_record_pdf(args.pdf, snapshot)
    else:
        from coventry_inspect.reports.letter import write_letter_pdf

        pages = write_letter_pdf(args.pdf, blocks, snapshot.details)
    print(
        f"wrote {args.pdf}: {snapshot.details.reference}, {pages} page{'s' if pages != 1 else ''}"
    )
    return 0


def _analysis(args: argparse.Namespace) -> int:
    from coventry_inspect.reports.analysis_text import analysis_csv, analysis_table
    from coventry_inspect.services.analysis import analyse, theme_counts
    from coventry_inspect.services.inspections import choose_inspection

    if args.annex is not None:
        return _annex(args)
    db = open_target(args.db, create=False)
    try:
        inspection_id = choose_inspection(db, args.inspection).id
        result = analyse(db, inspection_id)
        themes = () if args.csv else theme_counts(db, inspection_id)
    finally:
        db.close()
    sys.stdout.write(analysis_csv(result) if args.csv else analysis_table(result, themes))
    return 0


def _annex(args: argparse.Namespace) -> int:
    from coventry_inspect.reports.annex import gather, write_annex_pdf
    from coventry_inspect.services.inspections import choose_inspection

    if args.annex.suffix.lower() != ".pdf":
        raise UserError(f"{args.annex}: the evidence annex is saved as a .pdf file")
    _check_folder(args.annex)
    db = open_target(args.db, create=False)
    try:
        annex = gather(db, choose_inspection(db, args.inspection).id)
    finally:
        db.close()
    pages = write_annex_pdf(args.annex, annex)
    print(
        f"wrote {args.annex}: {annex.details.reference} evidence annex, "
        f"{pages} page{'s' if pages != 1 else ''}"
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    from coventry_inspect.services.history import field_name, kind_name, list_history, school_of
    from coventry_inspect.services.inspections import choose_inspection

    db = open_target(args.db, create=False)
    try:
        entries = list_history(db, choose_inspection(db, args.inspection).id)
    finally:
        db.close()
    for entry in entries:
        change = (
            f"{field_name(entry.field)}: {entry.old!r} → {entry.new!r}"
            if entry.field
            else entry.new or entry.old
        )
        school = f"{school_of(entry)}  " if entry.school_urn else ""
        print(
            f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.user}  {entry.action} "
            f"{kind_name(entry.entity)}  {school}{change}"
        )
    return 0


def _register_import(args: argparse.Namespace) -> int:
    from coventry_inspect.exchange.gias import open_register, register_rows
    from coventry_inspect.services.register import import_register

    state = None
    show_progress = sys.stderr.isatty()
    with open_register(args.file) as source, open_for_writing(args) as db:
        try:
            for state in import_register(db, register_rows(source), source.fraction_done):
                if show_progress:
                    done = f"{state.rows_read:,} rows ({state.fraction_done:.0%})"
                    print(f"\r{done}", end="", file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            raise UserError(f"{args.file}: interrupted; nothing was imported") from None
    if show_progress:
        print(file=sys.stderr)
    assert state is not None
    for problem in state.problems[:MAX_LISTED_PROBLEMS]:
        print(f"{PROG}: skipped {problem.message}", file=sys.stderr)
    if len(state.problems) > MAX_LISTED_PROBLEMS:
        print(
            f"{PROG}: … and {len(state.problems) - MAX_LISTED_PROBLEMS:,} more rows skipped",
            file=sys.stderr,
        )
    print(f"{args.file}: {state.summary()}, all in one step")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from coventry_inspect.store.backup import (
        BEFORE_RESTORE,
        inspections_in,
        passes_check,
        restore_backup,
        stored_id,
        take_backup,
    )
    from coventry_inspect.store.database import is_url, on_read_only_media

    if is_url(args.db or paths.default_database()):
        raise UserError("a PostgreSQL database is restored by its server, not from a file")
    target = Path(args.db or paths.default_database()).expanduser()
    if not args.backup.is_file() or not passes_check(args.backup):
        raise UserError(f"{args.backup} is not a good backup (it fails SQLite's integrity check)")
    if on_read_only_media(target):
        raise UserError(
            f"{target} can only be read (it is on a read-only disk or folder): nothing was "
            "changed; copy it to a folder you can write to and restore there"
        )
    with holding_lock(args):
        database_id = stored_id(target) if target.is_file() and passes_check(target) else None
        before = take_backup(target, database_id, BEFORE_RESTORE) if database_id else None
        aside = restore_backup(args.backup, target)
    held = ", ".join(inspections_in(target)) or "no inspections"
    print(f"restored {target} from {args.backup} ({held})")
    if before:
        print(f"the database as it was is backed up at {before}")
    if aside:
        print(f"the damaged file is kept as {aside}")
    return 0


MAX_LISTED_PROBLEMS = 50


def _check_output(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path}: the workbook must be an .xlsx file")
    if path.is_dir():
        raise UserError(f"{path} is a folder")
    _check_folder(path)


def _check_folder(path: Path) -> None:
    """The folder a file is to be saved in is there (checked before any work is done)."""
    folder = path.parent.resolve()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{path}: {path.parent} is a file, not a folder")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {path.parent} does not exist")


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def missing_desktop_library() -> str | None:
    """Qt's X11 plugin aborts the process without libxcb-cursor; say so in a line instead."""
    import ctypes.util

    on_x11 = (
        sys.platform.startswith("linux")
        and os.environ.get("DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if on_x11 and ctypes.util.find_library("xcb-cursor") is None:
        return "libxcb-cursor.so.0"
    return None


def _open_gui(args: argparse.Namespace) -> int:
    if not has_display():
        raise UserError(
            "no display to open the application on (DISPLAY is not set); "
            "see --help for the commands that need none"
        )
    missing = missing_desktop_library()
    if missing:
        raise UserError(
            f"the window cannot open: the system library {missing} is missing "
            "(Debian/Ubuntu: sudo apt-get install libxcb-cursor0; `make run` installs it)"
        )
    from coventry_inspect.gui.app import run  # Qt loads only when the window is wanted

    return run(args.db)

"""`agent-tui export`: CSV that spreadsheets open, masked unless --unmasked, which the audit log records."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_tui import cli
from agent_tui.service.review_export import mask_text
from agent_tui.store import open_database, use_database
from agent_tui.store.audit import verify_chain
from agent_tui.store.models import AuditEvent
from tests.review.floor import write_floor


@pytest.fixture
def floor_db(db_url):
    """The review's floor written to a database of each kind; (url, floor)."""
    return db_url, write_floor(db_url)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a spreadsheet needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def export(url: str, *args: str) -> int:
    return cli.main(["export", *args, "--db", url])


def test_notes_are_written_newest_first_with_a_bom_and_masked(floor_db, tmp_path, capsys):
    url, floor = floor_db
    out = tmp_path / "notes.csv"
    assert export(url, "notes", "--out", str(out)) == 0
    rows = read_csv(out)
    header, body = rows[0], rows[1:]
    assert header[0] == "Note" and "Saved at (Asia/Shanghai)" in header
    assert [int(r[0]) for r in body] == [n.id for n in sorted(floor.notes, key=lambda n: (n.created_at, n.id),
                                                              reverse=True)]
    texts = [r[header.index("Note text")] for r in body]
    assert all("13800138000" not in text for text in texts)
    assert sum("*******8000" in text for text in texts) == len(floor.notes) - 1  # all but the amendment
    assert "masked" in capsys.readouterr().out


def test_promises_mask_ids_and_phones_and_write_amounts_as_numbers(floor_db, tmp_path):
    url, floor = floor_db
    out = tmp_path / "promises.csv"
    assert export(url, "promises", "--out", str(out)) == 0
    header, *body = read_csv(out)
    assert len(body) == len(floor.promises)
    by_id = {p.id: p for p in floor.promises}
    for row in body:
        promise = by_id[int(row[0])]
        national_id = row[header.index("National ID")]
        assert national_id.endswith(promise.account.debtor.national_id[-4:])
        assert national_id.count("*") == len(promise.account.debtor.national_id) - 4
        assert row[header.index("Phone")].startswith("*******")
        assert row[header.index("Amount")] == f"{promise.amount // 100}.{promise.amount % 100:02d}"
        assert row[header.index("Agent")] == promise.note.agent.code


def test_filters_by_agent_and_days(floor_db, tmp_path):
    url, floor = floor_db
    out = tmp_path / "a002.csv"
    assert export(url, "notes", "--out", str(out), "--agent", "A002", "--since", "2025-03-05",
                  "--until", "2025-03-12") == 0
    _, *body = read_csv(out)
    zone = ZoneInfo("Asia/Shanghai")
    expected = {n.id for n in floor.notes if n.agent.code == "A002"
                and date(2025, 3, 5) <= n.created_at.astimezone(zone).date() <= date(2025, 3, 12)}
    assert expected and {int(r[0]) for r in body} == expected


def test_accounts_in_chinese_headers(floor_db, tmp_path):
    url, floor = floor_db
    config = tmp_path / "config.yaml"
    config.write_text("language: zh-CN\n", encoding="utf-8")
    out = tmp_path / "accounts.csv"
    assert cli.main(["--config", str(config), "export", "accounts", "--out", str(out), "--db", url]) == 0
    header, *body = read_csv(out)
    assert header[:3] == ["案件编号", "债务人", "身份证号"]
    assert {r[1] for r in body} == {a.debtor.name for a in floor.accounts}
    assert "张伟" in {r[1] for r in body}


def test_unmasked_export_is_recorded_in_the_audit_log(floor_db, tmp_path, capsys):
    url, floor = floor_db
    out = tmp_path / "full.csv"
    assert export(url, "accounts", "--out", str(out), "--unmasked") == 0
    header, *body = read_csv(out)
    assert {r[header.index("National ID")] for r in body} == {a.debtor.national_id for a in floor.accounts}
    db = use_database(open_database(url, read_only=True))
    with db.connection_context():
        event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert event.action == "export_unmasked"
        assert event.payload["rows"] == len(floor.accounts) and event.payload["file"] == str(out.resolve())
        assert verify_chain().intact
    db.close()
    assert f"#{event.seq}" in capsys.readouterr().out


def test_a_masked_export_is_on_record_too(floor_db, tmp_path, capsys):
    """Masked or not, who wrote which rows where is in the audit log, with the file's checksum."""
    url, _ = floor_db
    out = tmp_path / "n.csv"
    assert export(url, "notes", "--out", str(out), "--agent", "A002", "--since", "2025-03-01") == 0
    db = use_database(open_database(url, read_only=True))
    with db.connection_context():
        event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert verify_chain().intact
    db.close()
    assert event.action == "export_masked" and event.subject == "export:notes"
    assert event.payload["masked"] is True and event.payload["file"] == str(out.resolve())
    assert event.payload["agent"] == "A002" and event.payload["since"] == "2025-03-01"
    assert event.payload["rows"] == len(read_csv(out)) - 1
    assert event.payload["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"#{event.seq}" in capsys.readouterr().out


@pytest.mark.parametrize("unmasked", [False, True], ids=["masked", "unmasked"])
def test_an_export_that_cannot_be_recorded_is_not_left_behind(floor_db, tmp_path, capsys, unmasked):
    """The review reads a replica, but the main database (where the audit log is) cannot be reached."""
    url, _ = floor_db
    config = tmp_path / "replica.yaml"
    config.write_text(f"database:\n  url: sqlite:///{tmp_path / 'gone' / 'main.db'}\n"
                      f"review:\n  database_url: {url}\n", encoding="utf-8")
    out = tmp_path / "accounts.csv"
    code = cli.main(["--config", str(config), "export", "accounts", "--out", str(out),
                     *(["--unmasked"] if unmasked else [])])
    err = capsys.readouterr().err
    assert code == 1 and "could not be recorded in the audit log" in err
    assert not out.exists() and list(tmp_path.glob("*accounts.csv*")) == []


def test_failing_audit_leaves_no_file(floor_db, tmp_path, monkeypatch):
    """Whatever stops the audit event (here: the append raising), the unmasked file is not left behind."""
    url, _ = floor_db
    from agent_tui.service.export_record import ExportRecorder

    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ExportRecorder, "record", refuse)
    out = tmp_path / "full.csv"
    assert export(url, "promises", "--out", str(out), "--unmasked") == 1
    assert not out.exists() and not list(tmp_path.glob(".full.csv*"))


@pytest.mark.parametrize("args, fragment", [
    (["--since", "2025-13-01"], "--since"),
    (["--since", "2025-03-10", "--until", "2025-03-01"], "--until"),
    (["--agent", "NOBODY"], "NOBODY"),
])
def test_bad_options_are_named(floor_db, tmp_path, capsys, args, fragment):
    url, _ = floor_db
    assert export(url, "notes", "--out", str(tmp_path / "x.csv"), *args) == 2
    assert fragment in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_a_folder_that_does_not_exist_is_named(floor_db, tmp_path, capsys):
    url, _ = floor_db
    assert export(url, "notes", "--out", str(tmp_path / "nowhere" / "x.csv")) == 1
    assert "nowhere" in capsys.readouterr().err


def test_text_that_looks_like_a_formula_is_kept_as_text(tmp_path):
    from agent_tui.service.review_export import _safe

    assert _safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _safe("plain") == "plain"


@pytest.mark.parametrize("text, hidden, kept", [
    ("call 13800138000 after six", "1380013", "8000"),
    ("ID 11010119850101123X on file", "1101011985", "123X"),
    ("paid 2,000 on Friday", None, "2,000"),
    ("account HX-2024-000001 again", None, "HX-2024-000001"),
    ("+1 415 555 0153 is the work number", "415 555", "0153"),
    ("电话13812345678，请回电", "1381234", "5678"),
    ("身份证110101198503127701已核", "1101011985", "7701"),
])
def test_numbers_in_free_text_are_masked(text, hidden, kept):
    masked = mask_text(text)
    if hidden:
        assert hidden not in masked
    assert kept in masked


def test_an_existing_file_is_kept_unless_forced(floor_db, tmp_path, capsys):
    url, _ = floor_db
    out = tmp_path / "notes.csv"
    out.write_text("the lead's own sheet", encoding="utf-8")
    assert export(url, "notes", "--out", str(out)) == 1
    assert "exists already" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the lead's own sheet"
    assert export(url, "notes", "--out", str(out), "--force") == 0
    assert read_csv(out)[0][0] == "Note"
    assert out.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]  # no temporary file left


def test_a_database_is_never_written_over_even_when_forced(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    write_floor(url)
    database = tmp_path / "floor.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    companion = tmp_path / "floor.db-wal"
    companion.write_bytes(b"")
    for target in (database, companion):
        assert export(url, "notes", "--out", str(target), "--force") == 1
        assert "is a database" in capsys.readouterr().err
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert companion.read_bytes() == b""


def test_a_planted_link_is_not_followed(floor_db, tmp_path):
    url, _ = floor_db
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    out = tmp_path / "notes.csv"
    out.symlink_to(victim)
    assert export(url, "notes", "--out", str(out), "--force") == 0
    assert victim.read_text(encoding="utf-8") == "untouched"  # the link was replaced, not written through
    assert not out.is_symlink() and read_csv(out)[0][0] == "Note"


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"),
    ("+86 138 0013 8000", "'+86 138 0013 8000"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("-2+3", "'-2+3"),
    ("\tcmd", "'\tcmd"),
    ("\r=1", "'\r=1"),
    ("-12.50", "-12.50"),
    ("1500.00", "1500.00"),
    ("HX-2024-000001", "HX-2024-000001"),
])
def test_every_cell_that_a_spreadsheet_would_run_is_neutralised(cell, written):
    from agent_tui.service.review_export import _safe

    assert _safe(cell) == written


def test_an_account_reference_that_looks_like_a_formula_is_exported_as_text(tmp_path):
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    write_floor(url)
    db = use_database(open_database(url))
    from agent_tui.store.models import Account

    with db.connection_context():
        Account.update(ref="=HYPERLINK(\"http://x\")").where(Account.id == Account.select().first().id).execute()
    db.close()
    out = tmp_path / "accounts.csv"
    assert export(url, "accounts", "--out", str(out)) == 0
    cells = [cell for row in read_csv(out)[1:] for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

"""`agent-tui demo`: deterministic, realistic, and honest about the creditor's errors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from agent_tui.cli import main
from agent_tui.domain.case_figures import before_call
from agent_tui.domain.masking import mask
from agent_tui.domain.phone_zone import number_zones
from agent_tui.domain.policy import LedgerPolicy, OfferPolicy
from agent_tui.store import convert, init_db, open_database, use_database
from agent_tui.store.demo import write_demo
from agent_tui.store.models import Account, Agent, CallAttempt, CallNote, ContactPoint, Debtor, Promise

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


def build(path, accounts=300, seed=7, language="en"):
    db = use_database(open_database(f"sqlite:///{path}"))
    init_db(db)
    summary = write_demo(db, accounts=accounts, seed=seed, language=language, currency="CNY", today=TODAY,
                         now=NOW, policy=LedgerPolicy())
    return db, summary


def dump(path) -> list:
    con = sqlite3.connect(path)
    try:
        return [con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("debtor", "account", "schedule_line", "payment", "charge", "call_note", "promise")]
    finally:
        con.close()


def test_same_seed_same_data_and_another_seed_other_data(tmp_path):
    build(tmp_path / "a.db")[0].close()
    build(tmp_path / "b.db")[0].close()
    build(tmp_path / "c.db", seed=8)[0].close()
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")
    assert dump(tmp_path / "a.db") != dump(tmp_path / "c.db")


def test_portfolio_is_realistic(tmp_path):
    _, summary = build(tmp_path / "d.db")
    assert Agent.select().where(Agent.role == "agent").count() == 3
    assert Agent.select().where(Agent.role == "lead").count() == 1
    assert Account.select().count() == 300
    per_debtor = [d.contact_points.count() for d in Debtor.select()]
    assert min(per_debtor) >= 1 and max(per_debtor) <= 4
    debtor = Debtor.select().first()
    assert debtor.occupation and debtor.family and debtor.credit_history and debtor.time_zone.startswith("America/")
    statuses = {p.status.value for p in Promise.select()}
    assert {"kept", "broken", "open"} <= statuses
    assert Promise.select().where(Promise.due == TODAY).exists(), "some promises fall due today"
    assert CallNote.select().count() == summary.notes > 0
    notes = list(CallNote.select())
    assert all(note.checklist.get("version") for note in notes), "every past note carries its checklist"
    flagged = [note for note in notes if note.flagged]
    assert all(note.lint_flags for note in flagged)
    # Contacts are phone numbers; the primary one is a mobile.
    assert ContactPoint.select().where(ContactPoint.primary).count() == 300


def test_about_one_in_ten_creditor_figures_are_wrong_and_the_check_finds_exactly_those(tmp_path):
    _, summary = build(tmp_path / "e.db", accounts=400)
    accounts = convert.load_accounts(a.id for a in Account.select(Account.id))
    wrong = [a for a in accounts.values() if not before_call(a, TODAY, LedgerPolicy(), OfferPolicy()).check.ok]
    assert len(wrong) == summary.wrong_charges
    assert 20 <= len(wrong) <= 60


def test_chinese_demo_speaks_chinese(tmp_path):
    build(tmp_path / "z.db", accounts=50, language="zh-CN")
    debtor = Debtor.select().first()
    assert debtor.time_zone.startswith("Asia/")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in debtor.name + debtor.occupation)
    assert len(debtor.national_id) == 18


def test_demo_command_writes_the_data_folder_database(tmp_path, capsys):
    assert main(["demo", "--accounts", "40", "--no-launch"]) == 0
    out = capsys.readouterr().out
    assert "40" in out
    # Run again: a fresh database, not doubled (with --force: the first one is replaced).
    assert main(["demo", "--accounts", "30", "--no-launch", "--force"]) == 0
    db = use_database(open_database(""))
    assert Account.select().count() == 30
    # Every demo debtor is in the notes search's index: none is left for the search to scan.
    assert db.execute_sql("SELECT count(*) FROM debtor_name_pending").fetchone()[0] == 0
    db.close()


def test_demo_recreates_a_sqlite_file_and_refuses_a_bad_count(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert main(["demo", "--accounts", "5", "--no-launch", "--db", url]) == 0
    # SQLite files are recreated; a bad account count is a usage error.
    assert main(["demo", "--accounts", "0", "--no-launch", "--db", url]) == 2
    assert "--accounts" in capsys.readouterr().err


def test_every_past_call_and_note_is_in_the_past_in_every_zone(tmp_path):
    """Early in the floor's morning it is still yesterday in the debtors' zones west of it."""
    url = f"sqlite:///{tmp_path / 'early.db'}"
    db = use_database(open_database(url))
    init_db(db)
    now = datetime(2026, 11, 29, 0, 20, tzinfo=UTC)  # 08:20 in Shanghai, 19:20 the day before in New York
    write_demo(db, accounts=300, seed=11, language="en", currency="USD", today=date(2026, 11, 29), now=now,
               policy=LedgerPolicy())
    assert CallNote.select().where(CallNote.created_at > now).count() == 0
    assert CallAttempt.select().where(CallAttempt.started_at > now).count() == 0
    # A dialled number is masked as every number is, wherever it is shown: all but its last four hidden.
    dialled = CallAttempt.select(CallAttempt.number, ContactPoint.value).join(
        ContactPoint, on=(CallAttempt.contact_point == ContactPoint.id)).tuples()
    assert all(number == mask(value) for number, value in dialled)
    db.close()


def test_an_account_with_nothing_owed_is_closed(tmp_path):
    """A debtor who paid everything (a kept promise can clear the balance) is not called again."""
    db = use_database(open_database(f"sqlite:///{tmp_path / 'paid.db'}"))
    init_db(db)
    write_demo(db, accounts=2000, seed=7, language="zh-CN", currency="CNY", today=date(2026, 11, 28),
               now=datetime(2026, 11, 28, 3, tzinfo=UTC), policy=LedgerPolicy())
    assert Account.select().where((Account.balance <= 0) & (Account.stage != "closed")).count() == 0
    db.close()


def test_english_numbers_have_area_codes_of_their_debtors_zone(tmp_path):
    db, _ = build(tmp_path / "demo.db", accounts=120)
    points = list(ContactPoint.select(ContactPoint.value, Debtor.time_zone).join(Debtor).tuples())
    db.close()
    assert points and all(number_zones(value, "US").zones == (zone,) for value, zone in points)


def test_the_english_demo_is_a_us_floor_and_the_chinese_one_a_chinese_floor(tmp_path, capsys):
    from agent_tui.cli.workstation import demo_floor
    from agent_tui.config import Config

    us = demo_floor(Config(language="en"))
    assert (us.currency, us.compliance.profile, us.time_zone, us.ledger.booking_zone) == (
        "USD", "us-regf", "America/New_York", "America/New_York")
    assert us.company_phone.startswith("(800)")
    cn = demo_floor(Config(language="zh-CN", company="恒信"))
    assert (cn.currency, cn.compliance.profile, cn.time_zone, cn.company) == ("CNY", "cn", "Asia/Shanghai", "恒信")

    assert main(["demo", "--accounts", "30", "--no-launch", "--db", f"sqlite:///{tmp_path / 'us.db'}"]) == 0
    assert {a.currency for a in Account.select()} == {"USD"}
    use_database(open_database("")).close()
    config = tmp_path / "zh.yaml"
    config.write_text("language: zh-CN\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'cn.db'}"
    assert main(["--config", str(config), "demo", "--accounts", "30", "--no-launch", "--db", url]) == 0
    db = use_database(open_database(url))
    assert {a.currency for a in Account.select()} == {"CNY"}
    assert {d.time_zone for d in Debtor.select()} == {"Asia/Shanghai"}
    numbers = [p.value for p in ContactPoint.select()]
    assert all(n.startswith("+86 ") and number_zones(n, "CN").zones == ("Asia/Shanghai",) for n in numbers)
    db.close()


def _owed(account, day):
    from agent_tui.domain.ledger import compute_ledger

    return compute_ledger(account.terms, account.schedule, account.payments, day, LedgerPolicy()).owed.total


def test_promises_never_exceed_what_is_owed(tmp_path):
    """A promise is never for more than was owed the day it was made, with the earlier ones still to come."""
    db, _ = build(tmp_path / "p.db", accounts=600)
    accounts = convert.load_accounts(a.id for a in Account.select(Account.id))
    promises = list(Promise.select().order_by(Promise.created_at))
    assert len(promises) > 50
    for promise in promises:
        account = accounts[promise.account_id]
        made = promise.created_at.date()
        earlier = [p for p in promises if p.account_id == promise.account_id and p.created_at < promise.created_at
                   and p.due >= made]
        assert promise.amount + sum(p.amount for p in earlier) <= _owed(account, made), promise.id
        if promise.status.value == "open":
            assert promise.amount <= _owed(account, TODAY), promise.id
    db.close()


def test_a_clean_credit_history_belongs_to_an_account_lately_overdue(tmp_path):
    from agent_tui.store.demo_pools import CLEAN_HISTORY_DAYS, pools_for

    for language in ("en", "zh-CN"):
        db, _ = build(tmp_path / f"h-{language}.db", accounts=400, language=language)
        clean = set(pools_for(language).histories_clean)
        rows = list(Account.select(Account.overdue_since, Debtor.credit_history).join(Debtor).tuples())
        db.close()
        overdue = [(TODAY - since).days for since, history in rows if history in clean]
        assert overdue and max(overdue) <= CLEAN_HISTORY_DAYS, language
        assert all(history for _, history in rows)


def test_past_notes_were_taken_under_the_floors_rules(tmp_path):
    for language, profile in (("en", "us-regf"), ("zh-CN", "cn")):
        db, _ = build(tmp_path / f"n-{language}.db", accounts=60, language=language)
        assert {note.checklist["profile"] for note in CallNote.select()} == {profile}, language
        db.close()


def test_every_command_on_the_demo_database_works_on_its_floor(tmp_path, capsys):
    """Without --db and database.url the commands use the demo database, and so its floor."""
    assert main(["demo", "--accounts", "12", "--no-launch"]) == 0
    db = use_database(open_database(""))
    ref = Account.select(Account.ref).order_by(Account.id).first().ref
    db.close()
    capsys.readouterr()
    assert main(["case", ref, "--json"]) == 0
    shown = capsys.readouterr().out
    assert "us-regf." in shown and "cn." not in shown  # the US floor's rules, not the default cn

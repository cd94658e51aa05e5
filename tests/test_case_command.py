"""`agent-tui case REF`: the figures, offers, contact rules and queue place of one account."""

from __future__ import annotations

import json

import pytest

from agent_tui.cli import main
from agent_tui.store import open_database, use_database
from agent_tui.store.models import Account, Charge, Debtor


@pytest.fixture
def demo_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    assert main(["demo", "--accounts", "60", "--no-launch", "--db", url, "--seed", "3"]) == 0
    return url


def first_ref(url):
    db = use_database(open_database(url))
    try:
        return Account.select().order_by(Account.id).first().ref
    finally:
        db.close()


def run_json(capsys, *args):
    code = main(["case", *args, "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_json_has_the_documented_shape_in_minor_units(demo_url, capsys):
    ref = first_ref(demo_url)
    capsys.readouterr()
    data = run_json(capsys, ref, "--db", demo_url, "--as-of", "2026-11-28", "--at", "2026-11-28T06:00")
    assert data["ref"] == ref and data["as_of"] == "2026-11-28"
    owed = data["owed"]
    assert set(owed) == {"principal", "interest", "penalty", "fees", "total"}
    assert all(isinstance(v, int) for v in owed.values())
    assert owed["total"] == owed["principal"] + owed["interest"] + owed["penalty"] + owed["fees"]
    assert isinstance(data["days_past_due"], int) and data["bucket"].startswith("M")
    assert set(data["check"]) == {"ok", "discrepancies"}
    for offer in data["offers"]:
        assert sum(line["amount"] for line in offer["lines"]) == offer["total"]
        assert set(offer) == {"kind", "total", "needs_approval", "lines"}
    assert data["contact"] and set(data["contact"][0]) == {"kind", "masked", "allowed", "rule", "citation",
                                                           "next_allowed_at", "zones"}
    assert set(data["queue"]) == {"group", "reason"}


def test_a_wrong_creditor_figure_is_shown_with_its_calculation(demo_url, capsys):
    db = use_database(open_database(demo_url))
    account = Account.select().order_by(Account.id).first()
    Charge.update(amount=Charge.amount + 12345).where(
        (Charge.account == account) & (Charge.kind == "fees")).execute()
    as_of = Charge.get(Charge.account == account).as_of.isoformat()
    db.close()
    capsys.readouterr()
    data = run_json(capsys, account.ref, "--db", demo_url, "--as-of", as_of)
    assert data["check"]["ok"] is False
    (found,) = [d for d in data["check"]["discrepancies"] if d["component"] == "fees"]
    assert found["difference"] == found["creditor"] - found["computed"]
    assert found["lines"]
    assert main(["case", account.ref, "--db", demo_url, "--as-of", as_of]) == 0
    text = capsys.readouterr().out
    assert "✗" in text and "Ledger check" in text


def test_contact_refused_at_night_names_the_rule_and_next_time(demo_url, capsys):
    db = use_database(open_database(demo_url))
    debtor = Debtor.select().where(~Debtor.cease_contact & ~Debtor.dispute & ~Debtor.attorney).first()
    ref = Account.get(Account.debtor == debtor).ref
    zone = debtor.time_zone
    db.close()
    capsys.readouterr()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    night = datetime(2026, 11, 28, 23, 30, tzinfo=ZoneInfo(zone)).isoformat(timespec="minutes")
    data = run_json(capsys, ref, "--db", demo_url, "--at", night)
    refused = [c for c in data["contact"] if not c["allowed"]]
    assert refused, data["contact"]
    assert all(c["rule"] and c["citation"] and c["next_allowed_at"] for c in refused)
    assert data["queue"]["group"] == "blocked"
    assert all("*" in c["masked"] for c in data["contact"])


def test_unknown_ref_is_one_line_and_exit_1(demo_url, capsys):
    assert main(["case", "NO-SUCH", "--db", demo_url]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["agent-tui case: no account with reference NO-SUCH"]


def test_bad_dates_are_usage_errors(demo_url, capsys):
    assert main(["case", "X", "--db", demo_url, "--as-of", "28/11/2026"]) == 2
    assert main(["case", "X", "--db", demo_url, "--at", "noon"]) == 2
    assert "--at" in capsys.readouterr().err


def test_chinese_text_output(demo_url, capsys, tmp_path):
    config = tmp_path / "zh.yaml"
    config.write_text("language: zh-CN\n", encoding="utf-8")
    ref = first_ref(demo_url)
    capsys.readouterr()
    assert main(["case", ref, "--db", demo_url, "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "账务核对" in out and "还款方案" in out


def test_the_whole_calculation_is_shown_whether_or_not_the_figures_match(demo_url, capsys):
    """Schedule, each payment and where it went, penalty stretches, late fees, the creditor's statement."""
    db = use_database(open_database(demo_url))
    try:
        from agent_tui.store.models import Payment

        ref = (Account.select(Account.ref).join(Payment, on=(Payment.account == Account.id))
               .order_by(Account.id).first().ref)
    finally:
        db.close()
    data = run_json(capsys, ref, "--db", demo_url)
    ledger = data["ledger"]
    assert ledger["schedule"] and ledger["payments"] and ledger["creditor_statement"]
    applied = [part for payment in ledger["payments"] for part in payment["applied"] if part["line_due"]]
    paid = sum(part["amount"] for part in applied)
    held = ledger["credit_held"]
    assert paid + held == sum(p["amount"] for p in ledger["payments"])  # every cent paid is placed
    assert sum(s["amount"] for s in ledger["penalty"]["stretches"]) >= data["owed"]["penalty"]
    assert all(s["days"] > 0 and s["base"] > 0 for s in ledger["penalty"]["stretches"])
    assert main(["case", ref, "--db", demo_url]) == 0
    text = capsys.readouterr().out
    section = text[text.index("How the figure is made"):]
    first = ledger["payments"][0]
    assert f"{first['booked']}  " in section and "→ line due " in section
    assert "Penalty interest" in section and "Late fees" in section and "The creditor's statement" in section

"""`agent-tui letter`: the debtor's documents as PDF, every figure the one `case --json` prints.

The PDFs are read back with poppler (pdftotext for the words and figures,
pdftoppm for a page image); .ci/run installs poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from agent_tui.cli import main
from agent_tui.domain.ledger import booking_date
from agent_tui.domain.letters import validation_end
from agent_tui.domain.money import format_money
from agent_tui.service import letters
from agent_tui.store import open_database, use_database
from agent_tui.store.models import Account, AuditEvent, Payment

AT = "2026-12-08T15:00"  # a Tuesday on both floors' calendars
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed")
needs_font = pytest.mark.skipif(not any(os.path.isfile(r) for r, _ in letters.FONT_CANDIDATES),
                                reason="no CJK font (fonts-noto-cjk) is installed")


#: config.yaml of each demo floor, as `agent-tui demo` sets it on its own database (tests pass --db).
FLOORS = {
    "en": "language: en\ncurrency: USD\ncompany: Keystone Recovery Services\ncompany_phone: (800) 555-0142\n"
          "time_zone: America/New_York\ncompliance:\n  profile: us-regf\nledger:\n  booking_zone: America/New_York\n",
    "zh-CN": "language: zh-CN\ncurrency: CNY\ntime_zone: Asia/Shanghai\ncompliance:\n  profile: cn\n"
             "ledger:\n  booking_zone: Asia/Shanghai\n",
}


def _demo(tmp_path, language):
    url = f"sqlite:///{tmp_path / f'{language}.db'}"
    config = tmp_path / f"{language}.yaml"
    config.write_text(FLOORS[language], encoding="utf-8")
    assert main(["--config", str(config), "demo", "--accounts", "40", "--no-launch", "--db", url, "--seed", "5"]) == 0
    db = use_database(open_database(url))
    try:  # the account with the most payments: the fullest statement
        counts = {a.id: Payment.select().where(Payment.account == a).count() for a in Account.select()}
        ref = Account.get_by_id(max(counts, key=lambda k: counts[k])).ref
    finally:
        db.close()
    return ["--config", str(config), "--db", url], ref


@pytest.fixture(scope="module")
def us(tmp_path_factory):
    return _demo(tmp_path_factory.mktemp("us"), "en")


@pytest.fixture(scope="module")
def cn(tmp_path_factory):
    return _demo(tmp_path_factory.mktemp("cn"), "zh-CN")


def _case(capsys, common, ref):
    capsys.readouterr()
    assert main(["case", ref, *common, "--at", AT, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _letter(capsys, common, ref, kind, out):
    capsys.readouterr()
    code = main(["letter", ref, *common, "--kind", kind, "--out", str(out), "--at", AT])
    return code, capsys.readouterr()


def _text(path):
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"[ \t]+", " ", raw)


def _look(path, tmp_path):
    """Page 1 as PNG (what a reviewer looks at): it is drawn and not blank."""
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    (png,) = list(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000


def _recorded(common, path):
    db = use_database(open_database(common[-1]))
    try:
        event = AuditEvent.select().where(AuditEvent.action == "letter_written").order_by(AuditEvent.seq.desc()).get()
        return event.payload, event.actor
    finally:
        db.close()


@needs_poppler
@needs_font
def test_the_validation_notice_itemizes_the_case_total_in_model_form_order(us, capsys, tmp_path):
    common, ref = us
    case = _case(capsys, common, ref)
    out = tmp_path / "validation.pdf"
    code, said = _letter(capsys, common, ref, "validation", out)
    assert code == 0, said.err
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    text = _text(out)
    payload, actor = _recorded(common, out)
    assert payload["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest() and actor.startswith("os:")
    assert payload["sha256"] in said.out and payload["kind"] == "validation"
    assert payload["amount_now"] == case["owed"]["total"]
    assert (payload["amount_then"] + payload["interest_since"] + payload["fees_since"] - payload["paid_since"]
            == case["owed"]["total"])

    def usd(minor):
        return format_money(minor, "USD", "en")

    since, end = payload["itemization_date"], validation_end(date(2026, 12, 8)).isoformat()
    assert end == "2027-01-14" and payload["validation_end"] == end
    order = [
        "Keystone Recovery Services is a debt collector.",
        f"As of {since}, you owed: {usd(payload['amount_then'])}",
        f"You were charged this amount in interest: + {usd(payload['interest_since'])}",
        f"You were charged this amount in fees: + {usd(payload['fees_since'])}",
        f"You paid or were credited this amount toward the debt: – {usd(payload['paid_since'])}",
        f"Total amount of the debt now: {usd(case['owed']['total'])}",
        "How can you dispute the debt?",
        f"Call or write to us by {end}",
        "What else can you do?",
        "name and address of the original creditor",
        "www.cfpb.gov/debt-collection",
        "How do you want to respond?",
        "This is not my debt.",
        "The amount is wrong.",
        "Include the reference number",
    ]
    places = [text.find(line) for line in order]
    assert -1 not in places, [line for line, at in zip(order, places, strict=True) if at < 0]
    assert places == sorted(places)
    assert text.rfind(f"Reference: {ref}") > places[-1]  # the tear-off form names the account
    _look(out, tmp_path)


@needs_font
def test_a_validation_notice_is_refused_outside_reg_f_and_a_reminder_outside_the_chinese_rules(us, cn, capsys,
                                                                                                 tmp_path):
    code, said = _letter(capsys, *cn, "validation", tmp_path / "v.pdf")
    assert code == 2 and "us-regf" in said.err and "Traceback" not in said.err
    code, said = _letter(capsys, *us, "reminder", tmp_path / "r.pdf")
    assert code == 2 and "a reminder letter is for the cn rules" in said.err
    assert not list(tmp_path.iterdir())


@needs_poppler
@needs_font
def test_the_reminder_itemizes_the_debt_and_names_creditor_and_agency(cn, capsys, tmp_path):
    common, ref = cn
    case = _case(capsys, common, ref)
    out = tmp_path / "reminder.pdf"
    code, said = _letter(capsys, common, ref, "reminder", out)
    assert code == 0, said.err
    text = _text(out)
    assert "还款提醒函" in text and f"截至{case['as_of']}" in text
    for label, component in (("本金", "principal"), ("利息", "interest"), ("罚息", "penalty"), ("费用", "fees"),
                             ("欠款合计", "total")):
        assert f"{label} {format_money(case['owed'][component], 'CNY', 'zh-CN')}" in text, label
    db = use_database(open_database(common[-1]))
    creditor = Account.get(Account.ref == ref).creditor
    db.close()
    assert f"债权人：{creditor}" in text and "受托催收机构：恒信" in text
    assert "本函仅致您本人" in text
    for threat in ("起诉", "坐牢", "拘留", "单位领导", "通知您的家人"):
        assert threat not in text
    _look(out, tmp_path)


@needs_poppler
@needs_font
@pytest.mark.parametrize("floor", ["us", "cn"])
def test_the_statement_lists_schedule_payments_charges_and_what_is_owed(floor, request, capsys, tmp_path):
    common, ref = request.getfixturevalue(floor)
    lang, currency, zone = ("en", "USD", "America/New_York") if floor == "us" else ("zh-CN", "CNY", "Asia/Shanghai")
    case = _case(capsys, common, ref)
    out = tmp_path / "statement.pdf"
    code, said = _letter(capsys, common, ref, "statement", out)
    assert code == 0, said.err
    text = _text(out)

    def money(minor):
        return format_money(minor, currency, lang)

    db = use_database(open_database(common[-1]))
    account = Account.get(Account.ref == ref)
    payments = [(booking_date(p.paid_at, zone).isoformat(), p.amount) for p in account.payments]
    schedule = [(line.due.isoformat(), line.principal, line.interest) for line in account.schedule]
    db.close()
    assert payments and schedule
    for day, amount in payments:
        assert f"{day} {money(amount)}" in text, (day, amount)
    for due, principal, interest in schedule:
        assert f"{due} {money(principal)} {money(interest)}" in text, due
    owed = case["owed"]
    total = "Total" if lang == "en" else "合计"
    assert re.search(rf"{total} \S.* {re.escape(money(owed['total']))}\n", text)
    assert ("Owed now: " if lang == "en" else "目前欠款： ") + money(owed["total"]) in text
    labels = {"en": ("Principal", "Interest", "Penalty interest", "Fees"), "zh-CN": ("本金", "利息", "罚息", "费用")}
    for label, component in zip(labels[lang], ("principal", "interest", "penalty", "fees"), strict=True):
        assert any(row.startswith(label + " ") and row.rstrip().endswith(" " + money(owed[component]))
                   for row in text.splitlines()), label
    assert case["as_of"] in text
    if floor == "us":
        assert "This is a communication from a debt collector." in text
    _look(out, tmp_path)


@needs_font
def test_an_existing_file_is_kept_without_force(us, capsys, tmp_path):
    common, ref = us
    out = tmp_path / "there.pdf"
    out.write_bytes(b"mine")
    code, said = _letter(capsys, common, ref, "statement", out)
    assert code == 2 and "--force" in said.err and out.read_bytes() == b"mine"


def test_without_a_cjk_font_the_command_says_so(us, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(letters, "FONT_CANDIDATES", (("/nowhere/Noto.ttc", "/nowhere/NotoBold.ttc"),))
    code, said = _letter(capsys, *us, "statement", tmp_path / "s.pdf")
    assert code == 1 and "fonts-noto-cjk" in said.err and "Traceback" not in said.err
    assert not (tmp_path / "s.pdf").exists()

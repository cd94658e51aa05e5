"""The command line shows hostile text, never obeys it: `case` (text and JSON) and the errors that echo a value."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_tui.cli import main
from agent_tui.cli.common import json_text
from agent_tui.domain.shown_text import visible
from agent_tui.store import open_database, use_database
from agent_tui.store.models import Account, Debtor

HOSTILE = "[/]\x1b]0;PWNED-TITLE\x07 \x1b]52;c;cHduZWQ=\x07 \x9b31m \u202eevil\u2066 a\u0301\u0302 \x7f\u2028end"


def obeyed(text: str) -> list[str]:
    """What a terminal would act on rather than show (line breaks are the output's own)."""
    return [ch for ch in text if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} and ch not in "\n\u200c\u200d"]


@pytest.fixture
def hostile_ref(tmp_path):
    """A demo database whose first account's debtor, reference and creditor are hostile; (url, ref)."""
    url = f"sqlite:///{tmp_path / 'case.db'}"
    assert main(["demo", "--accounts", "3", "--no-launch", "--db", url, "--seed", "3"]) == 0
    db = use_database(open_database(url))
    try:
        account = Account.select().order_by(Account.id).first()
        ref = f"HX-{HOSTILE}"
        Account.update(ref=ref, creditor=HOSTILE).where(Account.id == account.id).execute()
        Debtor.update(name=HOSTILE).where(Debtor.id == account.debtor_id).execute()
    finally:
        db.close()
    return url, ref


def test_case_text_shows_the_name_escaped(hostile_ref, capsys):
    url, ref = hostile_ref
    capsys.readouterr()
    assert main(["case", ref, "--db", url]) == 0
    out = capsys.readouterr().out
    assert not obeyed(out)
    assert visible(HOSTILE) in out  # escaped, brackets as typed, on one line


def test_case_json_reads_back_to_the_stored_text_and_obeys_nothing(hostile_ref, capsys):
    url, ref = hostile_ref
    capsys.readouterr()
    assert main(["case", ref, "--db", url, "--json"]) == 0
    out = capsys.readouterr().out
    assert not obeyed(out)
    data = json.loads(out)
    assert data["ref"] == ref


def test_an_unknown_reference_is_echoed_escaped(hostile_ref, capsys):
    url, _ = hostile_ref
    assert main(["case", HOSTILE, "--db", url]) == 1
    err = capsys.readouterr().err
    assert not obeyed(err) and visible(HOSTILE) in err


def test_a_bad_date_on_the_command_line_is_echoed_escaped(capsys):
    assert main(["case", "X", "--as-of", HOSTILE]) == 2
    err = capsys.readouterr().err
    assert not obeyed(err) and "[/]" in err


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=8))
def test_json_text_reads_back_the_same_and_obeys_nothing(data):
    text = json_text(data)
    assert json.loads(text) == data
    assert not obeyed(text)

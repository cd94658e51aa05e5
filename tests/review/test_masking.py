"""No view the review service hands a screen holds a debtor's full national ID or phone number.

The review cannot reveal an ID or a number (it cannot write the audit event
that would need), so the service masks every view it returns, and no screen
receives one to hide. This walks everything the screens can ask for — every
page of the notes browser, every note with its case, the dashboard, the
agents, and the masked exports — down to each string, and looks for every
national ID and phone number of the floor, written anywhere an agent or an
import could have put one: the debtor's profile, the note's text, hardship
and next action, the linter's excerpts, a conduct flag, even a dial's number
stored unmasked by mistake, and numbers written against Chinese text.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from agent_tui.config import Config
from agent_tui.domain.compliance import mask
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg
from agent_tui.service.review import open_review
from agent_tui.service.review_views import NoteQuery
from agent_tui.store import open_database, use_database
from agent_tui.store.models import CallAttempt, CallNote, ContactPoint, Debtor
from agent_tui.store.note_case import load_note_case

from .floor import NOW, write_floor

SEPARATORS = re.compile(r"[\s\-]")


def _write_secrets_everywhere(url: str) -> list[str]:
    """Put each debtor's ID and numbers into every free-text field; the secrets the floor holds."""
    db = use_database(open_database(url))
    with db.connection_context():
        secrets = []
        for debtor in Debtor.select():
            phones = [p.value for p in ContactPoint.select().where(ContactPoint.debtor == debtor)]
            spaced = f"{phones[0][:3]} {phones[0][3:7]} {phones[0][7:]}"
            Debtor.update(
                family=f"wife on {phones[0]}", credit_history=f"ID {debtor.national_id} checked",
                occupation=f"call {spaced}", employer=f"HR: {phones[0]}",
            ).where(Debtor.id == debtor.id).execute()
            ContactPoint.create(debtor=debtor, kind="mobile", value=f"139-{debtor.id:04d}-8888")
            secrets += [debtor.national_id, *phones, f"139-{debtor.id:04d}-8888"]
            account = debtor.accounts[0]
            agent = account.notes[0].agent
            attempt = CallAttempt.create(account=account, debtor=debtor, agent=agent, number=phones[0],
                                         started_at=NOW - timedelta(minutes=30), ended_at=NOW - timedelta(minutes=29),
                                         outcome=Outcome.RIGHT_PARTY, right_party=True)
            CallNote.create(
                account=account, agent=agent, attempt=attempt, created_at=NOW - timedelta(minutes=20),
                outcome=Outcome.RIGHT_PARTY, text=f"Debtor read out ID {debtor.national_id}, new mobile {spaced}",
                hardship=f"失业，妹妹电话{phones[0]}代还，身份证{debtor.national_id}",
                next_action=f"call back on {phones[0]}",
                lint_flags=[{"category": "threat", "excerpt": f"or else, {phones[0]}", "start": 0, "end": 7}],
                compliance_flags=[{"rule": f"cn.third_party {phones[0]}"}], flagged=True,
            )
        secrets.append("13800138000")  # in every note's text
    db.close()
    return secrets


def strings_in(value: object, seen: set[int] | None = None) -> list[str]:
    """Every string inside ``value``: dataclass fields, containers, dict keys and values, messages."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        return [value]
    if value is None or isinstance(value, (int, float, date)) or id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Msg):
        return [value.key, *strings_in(dict(value.params), seen)]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings_in(getattr(value, f.name), seen)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings_in(k, seen), *strings_in(v, seen))]
    if isinstance(value, (tuple, list, set, frozenset)):
        return [s for item in value for s in strings_in(item, seen)]
    return [str(value)]


def full_secrets_in(texts: list[str], secrets: list[str]) -> list[tuple[str, str]]:
    """(secret, text) for each text that shows a secret whole, separators or not."""
    found = []
    for text in texts:
        bare = SEPARATORS.sub("", text)
        found += [(secret, text) for secret in secrets if SEPARATORS.sub("", secret) in bare]
    return found


@pytest.fixture
def floor_with_secrets(empty_url):
    write_floor(empty_url)
    return empty_url, _write_secrets_everywhere(empty_url)


def test_the_walk_finds_the_secrets_where_they_are_stored(floor_with_secrets):
    """The check below is worth something only if it would see a secret in what the store reads."""
    url, secrets = floor_with_secrets
    review = open_review(Config(), url, "L001", now=lambda: NOW)
    try:
        with review.reading():
            newest = CallNote.select(CallNote.id).order_by(CallNote.id.desc()).first().id
            stored = load_note_case(newest)
    finally:
        review.close()
    found = {secret for secret, _ in full_secrets_in(strings_in(stored), secrets)}
    assert len(found) >= 3, found


def test_no_view_the_review_returns_shows_a_full_id_or_number(floor_with_secrets, tmp_path: Path):
    url, secrets = floor_with_secrets
    review = open_review(Config(), url, "L001", now=lambda: NOW, audit_url=url)
    views: list[object] = [review.agents(), review.lead]
    try:
        for query in (NoteQuery(), NoteQuery(flag="any"), NoteQuery(search="张"), NoteQuery(outcome="right_party")):
            after = None
            while True:
                page = review.notes(query, after, 7)
                views.append(page)
                if page.next is None:
                    break
                after = page.next
        note_ids = sorted({line.id for page in views if hasattr(page, "lines") for line in page.lines})
        details = [review.note(note_id) for note_id in note_ids]
        assert all(details)
        views += details
        views.append(review.dashboard(NOW.date() - timedelta(days=30), NOW.date()))
        exports = []
        for kind in ("notes", "promises", "accounts"):
            written, _ = review.export(kind, NoteQuery(), tmp_path / f"{kind}.csv", "en")
            assert written.masked and written.rows
            exports.append(written.path.read_text(encoding="utf-8-sig"))
    finally:
        review.close()
    texts = strings_in(views) + exports
    assert full_secrets_in(texts, secrets) == []
    # The walk saw the masked forms: the views do carry the IDs and numbers, only not whole.
    shown = "\n".join(texts)
    assert [secret for secret in secrets if mask(secret) not in shown] == []

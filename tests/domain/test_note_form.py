"""The call-note form's rules: each bad field is named with its reason, nothing is lost."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.money import Amount
from agent_tui.domain.note_form import NoteRules, check_note, parse_date, parse_local_datetime
from agent_tui.i18n import Msg
from agent_tui.service.views import NOTE_FIELDS, NoteDraft, OfferView

NOW = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
OFFER = OfferView(
    index=1,
    kind="instalments",
    label=Msg("common.none"),
    total=Amount(600000),
    lines=(),
    needs_approval=False,
    first_due=date(2025, 3, 15),
    payments=((date(2025, 3, 15), 200000), (date(2025, 4, 14), 200000), (date(2025, 5, 14), 200000)),
)
RULES = NoteRules(
    balance=600000,
    currency="CNY",
    time_zone="Asia/Shanghai",
    offers=(OFFER,),
    min_instalment=20000,
    first_payment_within_days=7,
)


def problems(**fields) -> dict[str, str]:
    _, found = check_note(NoteDraft(**fields), RULES, NOW)
    return {p.field: p.reason.key.rsplit(".", 1)[1] for p in found}


def test_a_complete_promise_parses_into_store_types():
    draft = NoteDraft(
        outcome="promise_to_pay",
        attitude="cooperative",
        capacity="2,000",
        offer="1",
        response="accepted",
        promise_amount="2000.00",
        promise_date="2025-03-15",
        next_action="follow_up_promise",
        next_action_at="2025-03-16 10:00",
        text="  Lost a client, pays from the 15th.  ",
    )
    parsed, found = check_note(draft, RULES, NOW)
    assert found == []
    assert parsed.promise_amount == 200000
    assert parsed.capacity == 200000
    assert parsed.promise_due == date(2025, 3, 15)
    assert parsed.offer == OFFER
    assert parsed.next_action_at == datetime(2025, 3, 16, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert parsed.text == "Lost a client, pays from the 15th."


def test_the_outcome_is_required():
    assert problems() == {"outcome": "outcome_missing"}


def test_amounts_must_be_figures_and_not_negative():
    assert problems(outcome="right_party", capacity="lots") == {"capacity": "amount_not_number"}
    assert problems(outcome="right_party", capacity="-5") == {"capacity": "amount_negative"}
    assert problems(outcome="right_party", capacity="1.234") == {"capacity": "amount_decimals"}


def test_dates_in_the_past_are_refused_in_the_debtors_calendar():
    found = problems(outcome="promise_to_pay", promise_amount="1000", promise_date="2025-03-09")
    assert found == {"promise_date": "date_past"}
    # 2025-03-10 is today in Shanghai, so it is allowed even though UTC is still early that day.
    assert problems(outcome="promise_to_pay", promise_amount="1000", promise_date="2025-03-10") == {}


def test_a_promise_beyond_policy_is_refused_with_the_last_allowed_day():
    _, found = check_note(
        NoteDraft(outcome="promise_to_pay", promise_amount="1000", promise_date="2025-03-31"), RULES, NOW
    )
    assert [(p.field, p.reason.key, p.reason.params["last"]) for p in found] == [
        ("promise_date", "callnote.problem.promise_beyond_policy", "2025-03-17")
    ]


def test_a_chosen_offer_sets_the_last_day_of_its_first_payment():
    found = problems(outcome="promise_to_pay", offer="1", promise_amount="2000", promise_date="2025-03-16")
    assert found == {"promise_date": "promise_beyond_policy"}


def test_a_promise_over_the_balance_or_under_the_minimum_is_refused():
    assert problems(outcome="promise_to_pay", promise_amount="6000.01", promise_date="2025-03-12") == {
        "promise_amount": "promise_over_balance"
    }
    assert problems(outcome="promise_to_pay", promise_amount="199.99", promise_date="2025-03-12") == {
        "promise_amount": "promise_below_minimum"
    }


def test_a_promise_needs_both_halves_and_the_debtor():
    assert problems(outcome="promise_to_pay") == {
        "promise_amount": "promise_amount_missing",
        "promise_date": "promise_date_missing",
    }
    assert problems(outcome="third_party", promise_amount="500", promise_date="2025-03-12") == {
        "promise_amount": "promise_needs_debtor"
    }


def test_a_call_back_needs_a_time_in_the_future():
    assert problems(outcome="callback", next_action="call_back") == {"next_action_at": "when_missing"}
    assert problems(outcome="callback", next_action="call_back", next_action_at="2025-03-10 13:59") == {
        "next_action_at": "datetime_past"
    }
    assert problems(outcome="callback", next_action="call_back", next_action_at="tomorrow") == {
        "next_action_at": "datetime_format"
    }


def test_unknown_choices_and_offers_are_named():
    assert problems(outcome="maybe") == {"outcome": "choice_unknown"}
    assert problems(outcome="right_party", offer="9") == {"offer": "offer_unknown"}


def test_dates_parse_with_dashes_slashes_or_dots_and_refuse_impossible_days():
    assert parse_date("2025/3/5") == date(2025, 3, 5)
    assert parse_date("2025.03.05") == date(2025, 3, 5)
    assert parse_date("2025-02-30") is None
    assert parse_local_datetime("2025-03-05", "Asia/Shanghai") == datetime(2025, 3, 5, 1, 0, tzinfo=UTC)


@settings(max_examples=60)
@given(st.text(max_size=30))
def test_any_typed_amount_is_parsed_or_named_never_raised(text):
    parsed, found = check_note(NoteDraft(outcome="right_party", capacity=text), RULES, NOW)
    assert (parsed is None) == bool(found)
    assert all(p.field == "capacity" for p in found)


def test_a_draft_survives_the_round_trip_through_json():
    draft = NoteDraft(outcome="callback", text="话术 ✓", amends_id=7)
    assert NoteDraft.from_dict(draft.to_dict()) == draft
    assert NoteDraft.from_dict({"outcome": None, "amends_id": "x", "junk": 1}) == NoteDraft()


def test_a_note_longer_than_the_limit_is_refused_with_both_figures():
    _, found = check_note(NoteDraft(outcome="no_answer", text="x" * 10_001), RULES, NOW)
    assert [(p.field, p.reason.key, dict(p.reason.params)) for p in found] == [
        ("text", "callnote.problem.text_too_long", {"limit": 10_000, "length": 10_001})]
    assert "10001" in found[0].reason.render("en") and "10000" in found[0].reason.render("zh-CN")
    assert problems(outcome="no_answer", text="x" * 10_000) == {}
    assert problems(outcome="no_answer", text="x" * 10_000 + "\n  ") == {}  # what is saved is stripped
    shorter = NoteRules(balance=600000, currency="CNY", time_zone="Asia/Shanghai", max_length=100)
    _, found = check_note(NoteDraft(outcome="no_answer", text="x" * 101), shorter, NOW)
    assert [p.field for p in found] == ["text"]


@pytest.mark.parametrize("name", NOTE_FIELDS)
def test_a_nul_character_is_refused_in_every_field_by_name(name):
    found = problems(**{"outcome": "no_answer", name: "a\x00b"})
    assert found[name] == "nul_character"  # before any other reason the field could have


def test_a_nul_character_alone_in_a_field_is_refused():
    assert problems(outcome="no_answer", text="\x00") == {"text": "nul_character"}

"""A filter value the review does not know is refused by name, never read as "every note"."""

from __future__ import annotations

import pytest

from agent_tui.service.review import ReviewRefused
from agent_tui.service.review_views import NoteQuery


@pytest.mark.parametrize("query, name", [
    (NoteQuery(flag="bogus"), "flag"),
    (NoteQuery(outcome="teleported"), "outcome"),
    (NoteQuery(stage="limbo"), "stage"),
    (NoteQuery(promise="maybe"), "promise"),
])
def test_an_unknown_value_is_named(review, query, name):
    with pytest.raises(ReviewRefused) as refused:
        review.notes(query)
    text = refused.value.msg.render()
    assert name in text and "choose one of" in text


def test_every_known_value_is_taken(review):
    for flag in ("any", "lint", "compliance", "clean"):
        review.notes(NoteQuery(flag=flag))
    review.notes(NoteQuery(promise="any", outcome="no_answer", stage="promised"))


@pytest.mark.parametrize("query, name", [
    (NoteQuery(search="Wang\x00"), "search"),
    (NoteQuery(agent="A0\x0001"), "agent"),
])
def test_typed_text_holding_a_nul_is_refused_by_filter(review, query, name):
    with pytest.raises(ReviewRefused) as refused:
        review.notes(query)
    assert refused.value.msg.key == "review.refused.nul_character"
    assert name in refused.value.msg.render("en") and name in refused.value.msg.render("zh-CN")

"""The settings a desk enforces are on record at each start: the effective config's SHA-256, in the agent's name."""

from __future__ import annotations

import dataclasses

import pytest

from agent_tui.service.errors import CaseRefused
from agent_tui.service.workstation.station import open_workstation
from agent_tui.store.models import AuditEvent

from .desk import desk_config


def _started(url: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "config_loaded").order_by(AuditEvent.seq))


def test_each_start_records_the_effective_configs_digest(desk):
    config = desk_config()
    open_workstation(config, desk.url, desk.agent)
    tighter = dataclasses.replace(config, queue=dataclasses.replace(config.queue, rest_minutes=90))
    open_workstation(tighter, desk.url, desk.agent)
    first, second = _started(desk.url)
    assert (first.actor, first.subject) == (desk.agent, f"agent:{desk.agent}")
    assert first.payload["sha256"] == config.digest() != tighter.digest() == second.payload["sha256"]


def test_the_digest_is_of_the_settings_not_of_where_the_file_lives():
    config = desk_config()
    moved = dataclasses.replace(config, base_dir="/elsewhere", source="/elsewhere/config.yaml")
    assert moved.digest() == config.digest()
    assert dataclasses.replace(config, language="zh-CN").digest() != config.digest()


def test_an_unknown_agent_starts_nothing_and_nothing_is_recorded_in_their_name(desk):
    with pytest.raises(CaseRefused):
        open_workstation(desk_config(), desk.url, "NOBODY")
    assert not [e for e in _started(desk.url) if e.actor == "NOBODY"]

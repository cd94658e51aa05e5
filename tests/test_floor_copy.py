"""The bench's big floor: the cases copied with COPY are whole cases a workstation can work."""

from __future__ import annotations

import time

import psycopg2
import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, url_params, use_database
from bench.floor_copy import grow_floor
from tests.load.floor import FloorClock, build_floor, floor_config
from tests.pg_server import pg_schema


@pytest.mark.postgres
def test_copied_cases_are_whole_and_can_be_worked():
    set_language("en")
    with pg_schema("agent_tui_copy") as url:
        codes = build_floor(url, 2, 5)
        params = url_params(url)
        conn = psycopg2.connect(dbname=params.pop("database"), **params)
        grow_floor(conn, 23)
        cur = conn.cursor()
        counts = {}
        for table in ("account", "debtor", "contact_point", "schedule_line", "charge"):
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT count(DISTINCT ref), count(DISTINCT debtor_id) FROM account")
        assert cur.fetchone() == (23, 23)
        conn.close()
        assert counts["account"] == 23 and counts["schedule_line"] == 23 * 12 and counts["charge"] == 23 * 4
        assert counts["contact_point"] >= 2 * 23
        db = use_database(open_database(url))
        station = Workstation(db, floor_config(300), codes[0], now=FloorClock(time.time()), dialer=Dialer(""))
        case = station.open_case(23)  # a copy, not a template case
        assert case.account_id == 23 and case.account_ref.endswith("-4")
        db.close()

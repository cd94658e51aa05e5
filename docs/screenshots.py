"""Regenerate the README's screenshots of the workstation: the app's own SVG export, mid-call.

    python docs/screenshots.py

Each picture is a fresh demo portfolio (the same seed and date every time),
the workstation built by ``make_app`` on a fixed clock, and the keys of a
first call pressed up to the offers; ``App.save_screenshot`` writes the SVG.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent_tui.config import Config, ScriptsConfig  # noqa: E402
from agent_tui.store import init_db, open_database, use_database  # noqa: E402
from agent_tui.store.demo import write_demo  # noqa: E402
from agent_tui.ui.workstation.app import make_app  # noqa: E402

TODAY = date(2026, 3, 10)
#: A weekday morning on each floor: 10:00 in Shanghai, 10:30 in New York.
CLOCK = {"en": datetime(2026, 3, 10, 14, 30, tzinfo=UTC), "zh-CN": datetime(2026, 3, 10, 2, 0, tzinfo=UTC)}
COMPANY = {"en": "Hengxin Credit Services", "zh-CN": "恒信资产管理有限公司"}
#: Next case, dial, two identifiers confirmed, purpose stated (F7), the offers (F8).
FIRST_CALL = ("f2", "f3", "f4", "space", "down", "space", "enter", "f7", "f8")
SHOTS = (
    ("workstation.svg", "en", (160, 48), FIRST_CALL),
    ("workstation-zh-CN.svg", "zh-CN", (160, 48), FIRST_CALL),
    ("workstation-80x24.svg", "en", (80, 24), FIRST_CALL),
)


async def settle(pilot) -> None:
    """Wait for the keystroke's messages and the database workers it started."""
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(name: str, lang: str, size: tuple[int, int], keys: tuple[str, ...], folder: Path) -> None:
    """One screenshot of the workstation in ``lang`` at ``size`` after ``keys``."""
    url = f"sqlite:///{folder / f'demo-{lang}.db'}"
    db = use_database(open_database(url))
    init_db(db)
    config = dataclasses.replace(
        Config(), language=lang, company=COMPANY[lang], scripts=ScriptsConfig(folder=str(ROOT / "scripts"))
    )
    write_demo(db, accounts=300, seed=7, language=lang, currency="CNY", today=TODAY, now=CLOCK[lang],
               policy=config.ledger)
    db.close()
    app = make_app(config, url, "A001", now=lambda: CLOCK[lang])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        app.save_screenshot(name, path=str(ROOT / "docs"))
    print(f"docs/{name}")


async def main() -> None:
    for name, lang, size, keys in SHOTS:
        with tempfile.TemporaryDirectory() as folder:
            await shoot(name, lang, size, keys, Path(folder))


if __name__ == "__main__":
    asyncio.run(main())

"""The databases the figures run on: the demo portfolio at N accounts, built once and kept.

A million-account demo takes many minutes to write, so it is built once
into the work folder and reused while nothing it depends on changes: the
file name carries the number of accounts, the seed, the language and a
fingerprint of the code that writes it (the demo, its pools, the models and
the schema). A half-written file is never reused: the demo is written under
a temporary name and renamed when complete.

Every figure runs at one fixed moment, :data:`ANCHOR` (a Tuesday morning on
the floor), the same moment the demo was drawn for, so the queue has
promises due today and callbacks, as it would on a working morning.

Figures that write (a claim, a note) run on a scratch copy, so the kept
database stays exactly as the demo wrote it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.settings import bench_config, sqlite_url  # noqa: E402 - the figures import them from here

#: The moment every figure runs at: 10:30 on a Tuesday in Shanghai.
ANCHOR = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
#: The code whose change makes a kept database stale (a schema change is an upgrade step instead).
WRITER_SOURCES = ("agent_tui/store/demo.py", "agent_tui/store/demo_pools.py", "agent_tui/store/fields.py",
                  "agent_tui/store/audit.py", "agent_tui/store/audit_state.py")
#: Niceness of the build: it runs for minutes on a machine others share.
BUILD_NICENESS = 10


def fingerprint() -> str:
    """A short hash of the code that writes the demo."""
    digest = hashlib.sha256()
    for name in WRITER_SOURCES:
        digest.update((REPO / name).read_bytes())
    return digest.hexdigest()[:10]


def demo_path(work: Path, accounts: int, seed: int, language: str) -> Path:
    """Where the demo of these parameters is kept."""
    return work / f"demo-{accounts}-s{seed}-{language}-{fingerprint()}.db"


def ensure_demo(work: Path, accounts: int, seed: int, language: str, say=print) -> Path:
    """The kept demo database of these parameters, built first if there is none, at the newest schema."""
    path = demo_path(work, accounts, seed, language)
    if path.exists():
        upgrade(path, work, say)
        return path
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob(f"demo-{accounts}-s{seed}-{language}-*.db"):
        stale.unlink()  # an older writer's file: it would only fill the disk
    partial = path.with_suffix(".building")
    say(f"building the demo: {accounts:,} accounts (seed {seed}, {language}) in {path} …")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--db", str(partial), "--accounts", str(accounts),
         "--seed", str(seed), "--language", language],
        check=True,
        preexec_fn=lambda: os.nice(BUILD_NICENESS),
    )
    partial.rename(path)
    say(f"  built in {time.perf_counter() - started:.0f} s")
    return path


def upgrade(path: Path, work: Path, say=print) -> None:
    """Bring a kept database to the newest schema, as ``agent-tui db upgrade`` would (its backup removed)."""
    from agent_tui.store import open_database
    from agent_tui.store.schema import upgrade_db

    db = open_database(sqlite_url(path))
    try:
        report = upgrade_db(db, backup_dir=work / "backups")
    finally:
        db.close()
    if report.changed:
        say(f"  upgraded {path.name} from schema {report.before} to {report.after}")
    if report.backup is not None:
        report.backup.unlink(missing_ok=True)


def scratch_copy(source: Path, work: Path, name: str) -> Path:
    """A fresh copy of ``source`` for a figure that writes, named ``scratch-NAME.db``."""
    import sqlite3

    target = work / f"scratch-{name}.db"
    drop(target)
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size:  # pages not yet in the file: let SQLite copy them
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    else:
        shutil.copyfile(source, target)
    settle()
    return target


def drop(path: Path) -> None:
    """Remove a SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    settle()


def settle() -> None:
    """Let the disk catch up with the bench's own copies before anything is timed.

    A copy of the demo is a gigabyte at a million accounts; written back in
    the background, it would slow the measurements that follow it.
    """
    if hasattr(os, "sync"):
        os.sync()


def build(db_path: Path, accounts: int, seed: int, language: str) -> None:
    """Write the demo into a fresh file at ``db_path`` (what the build subprocess runs)."""
    from agent_tui.store import init_db, name_search, open_database, use_database
    from agent_tui.store.demo import write_demo

    config = bench_config(language)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = use_database(open_database(sqlite_url(db_path)))
    init_db(db)
    step = max(accounts // 20, 1)
    shown = [0]

    def progress(done: int) -> None:
        if done - shown[0] >= step or done == accounts:
            shown[0] = done
            print(f"  {done:>12,} / {accounts:,} accounts", file=sys.stderr, flush=True)

    write_demo(
        db,
        accounts=accounts,
        seed=seed,
        language=language,
        currency=config.currency,
        today=ANCHOR.astimezone(ZoneInfo(config.time_zone)).date(),
        now=ANCHOR,
        policy=config.ledger,
        progress=progress,
    )
    with db.atomic():
        name_search.catch_up(db)  # as `agent-tui demo` does
    db.close()


def main(argv: list[str] | None = None) -> int:
    """Build one demo database (run by :func:`ensure_demo` in a niced subprocess)."""
    parser = argparse.ArgumentParser(description="write the bench's demo database")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--accounts", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--language", default="zh-CN")
    args = parser.parse_args(argv)
    build(args.db, args.accounts, args.seed, args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())

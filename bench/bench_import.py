"""How `agent-tui import` compares with the raw driver, side by side on this machine.

Builds an accounts.csv of N rows (default 1,000,000) with every column a
creditor fills, then times, each on a fresh SQLite file with the program's
schema (same tables, indexes and pragmas):

- raw: Python's csv module and ``sqlite3.executemany`` straight into the
  debtor and account tables in one transaction, as many rows a call as the
  import sends, the CSV text as it is, ids counted in Python, no checks at all:
  what loading these rows with executemany costs when nothing is checked;
  and, as the import puts each new account on record, the same audit rows
  (the account's, its ledger's and its debtor's state as sorted JSON, each
  hash chained on the one before with SHA-256) into the audit table;
- import: ``run_import`` with every check of the real command, writing through
  the same driver with many rows per INSERT statement (its bulk path).

Both run ``--repeat`` times (default 3), alternating which goes first; the
best time of each side is compared, since a shared machine only ever makes a
run slower. It prints both times and the ratio import / raw (the target is
1.5 or less), and the time of the executemany calls alone for reference.
Run by hand:

    python bench/bench_import.py [--rows N] [--repeat R] [--json FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import itertools
import json
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent_tui.store.database import open_database
from agent_tui.store.placement_import import run_import
from agent_tui.store.placement_load import BATCH
from agent_tui.store.schema import init_db

HEADER = [
    "account_ref", "creditor", "product", "debtor_name", "national_id", "birth_date", "occupation", "employer",
    "monthly_income", "family", "credit_history", "time_zone", "language", "cease_contact", "dispute", "vulnerable",
    "attorney", "principal", "annual_rate", "start_date", "penalty_kind", "penalty_value", "late_fee", "day_count",
    "currency", "balance", "overdue_since",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
JOBS = ("销售", "教师", "工程师", "个体经营", "司机", "护士", "会计", "厨师", "快递员", "文员")
PRODUCTS = ("个人消费贷", "信用卡分期", "汽车贷款", "现金贷")


def build_file(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` realistic account rows (unique refs and national IDs) to ``path``."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(HEADER)
        for i in range(rows):
            year, month, day = rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)
            principal = rng.randrange(500_000, 20_000_000)
            out.writerow(
                (
                    f"HX-{i:09d}",
                    "华信消费金融",
                    rng.choice(PRODUCTS),
                    rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    f"{110000 + i // 1000:06d}{year}{month:02d}{day:02d}{i % 1000:03d}{i % 10}",
                    f"{year}-{month:02d}-{day:02d}",
                    rng.choice(JOBS),
                    "某某有限公司",
                    f"{rng.randrange(300_000, 3_000_000) / 100:.2f}",
                    "已婚",
                    "",
                    "Asia/Shanghai",
                    "zh-CN",
                    "否",
                    "否",
                    "否",
                    "否",
                    f"{principal // 100}.{principal % 100:02d}",
                    "0.1200",
                    f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "multiple",
                    "1.5",
                    "50.00",
                    "365",
                    "CNY",
                    f"{principal // 200}.{principal % 100:02d}",
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                )
            )


def fresh_database(path: Path):
    """A new SQLite file with the program's schema and pragmas."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(f"sqlite:///{path}")
    init_db(db)
    return db


DEBTOR_SQL = (
    'INSERT INTO "debtor" ("id", "name", "national_id", "birth_date", "occupation", "employer", '
    '"monthly_income", "family", "credit_history", "time_zone", "language", "cease_contact", '
    '"dispute", "vulnerable", "attorney", "created_at") VALUES (' + ", ".join("?" * 16) + ")"
)
ACCOUNT_SQL = (
    'INSERT INTO "account" ("id", "ref", "debtor_id", "creditor", "product", "currency", "principal", '
    '"annual_rate", "start_date", "penalty_kind", "penalty_value", "late_fee", "day_count", "balance", '
    '"overdue_since", "stage", "next_action", "placed_at") VALUES (' + ", ".join("?" * 18) + ")"
)


AUDIT_SQL = ('INSERT INTO "audit_event" ("seq", "at", "actor", "action", "subject", "payload", "prev_hash", "hash") '
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _audit_rows(seq: int, prev: str, debtors: list, accounts: list, now: str) -> tuple[list[tuple], str]:
    """Three state rows an account, as the import records them: the account, its ledger, its debtor."""
    rows = []
    for debtor, account in zip(debtors, accounts):
        states = (
            ("account", account[0], {"principal": account[6], "annual_rate": account[7], "start_date": account[8],
                                     "penalty_kind": account[9], "penalty_value": account[10], "late_fee": account[11],
                                     "day_count": account[12], "currency": account[5], "balance": account[13],
                                     "overdue_since": account[14], "stage": "new", "closed_at": None}),
            ("ledger", account[0], {part: {"count": 0, "digest": hashlib.sha256(b"[]").hexdigest()[:32]}
                                    for part in ("schedule", "payments", "charges")}),
            ("debtor", debtor[0], {"cease_contact": False, "dispute": False, "vulnerable": False, "attorney": False,
                                   "time_zone": debtor[9]}),
        )
        for kind, row_id, state in states:
            seq += 1
            payload = json.dumps({"kind": kind, "ref": account[1], "why": "import", "before": None, "after": state},
                                 ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            digest = hashlib.sha256(f"{seq}|{now}|import|state_recorded|{kind}:{row_id}|{payload}|{prev}"
                                    .encode()).hexdigest()
            rows.append((seq, now, "import", "state_recorded", f"{kind}:{row_id}", payload, prev, digest))
            prev = digest
    return rows, prev


def raw_load(csv_path: Path, db_path: Path, batch: int = BATCH) -> tuple[float, float]:
    """The raw driver path; returns (total seconds, seconds in executemany alone).

    Streams the file in batches of the import's size, so neither side pays for
    holding a million rows in memory.
    """
    fresh_database(db_path).close()
    started = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode = wal", "foreign_keys = 1", "synchronous = normal"):
        conn.execute(f"PRAGMA {pragma}")
    now = "2024-01-01 00:00:00"
    inserting = 0.0
    conn.execute("BEGIN IMMEDIATE")
    seq, prev = 0, ""
    with open(csv_path, encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        n = 0
        while True:
            debtors, accounts = [], []
            for r in itertools.islice(reader, batch):
                n += 1
                debtors.append((n, r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], 0, 0, 0, 0, now))
                accounts.append((n, r[0], n, r[1], r[2], r[24], r[17], r[18], r[19], r[20], r[21], r[22], r[23],
                                 r[25], r[26], "new", "", now))
            if not debtors:
                break
            events, prev = _audit_rows(seq, prev, debtors, accounts, now)
            seq += len(events)
            mark = time.perf_counter()
            conn.executemany(DEBTOR_SQL, debtors)
            conn.executemany(ACCOUNT_SQL, accounts)
            conn.executemany(AUDIT_SQL, events)
            inserting += time.perf_counter() - mark
    mark = time.perf_counter()
    conn.execute("COMMIT")
    done = time.perf_counter()
    inserting += done - mark
    conn.close()
    return done - started, inserting


def our_import(csv_path: Path, db_path: Path) -> tuple[float, int]:
    """``run_import`` on a fresh database; returns (seconds, accounts in the database)."""
    db = fresh_database(db_path)
    started = time.perf_counter()
    report = run_import(db, str(csv_path))
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("\n".join(report.lines()[:20]))
    count = db.execute_sql('SELECT COUNT(*) FROM "account"').fetchone()[0]
    db.close()
    return elapsed, count


def main(argv: list[str] | None = None) -> int:
    """Build the file, time both loads, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each side; the best of each is compared (default 3)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and leave the files there")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = work / "accounts.csv"
        print(f"building {args.rows:,} account rows in {csv_path} …", flush=True)
        build_file(csv_path, args.rows)
        raws, ours_runs = [], []
        for run in range(args.repeat):
            # Alternate which side goes first, so a busier minute does not favour one side.
            for side in (("raw", "import") if run % 2 == 0 else ("import", "raw")):
                gc.collect()
                if side == "raw":
                    raws.append(raw_load(csv_path, work / "raw.db"))
                    print(f"  raw    run {run + 1}: {raws[-1][0]:8.2f} s", flush=True)
                else:
                    seconds, count = our_import(csv_path, work / "import.db")
                    if count != args.rows:
                        raise SystemExit(f"import wrote {count} accounts, expected {args.rows}")
                    ours_runs.append(seconds)
                    print(f"  import run {run + 1}: {seconds:8.2f} s", flush=True)
        raw_seconds, executemany_seconds = min(raws)
        ours = min(ours_runs)
        ratio = ours / raw_seconds
        print(f"raw csv + sqlite3 executemany: {raw_seconds:8.2f} s  (executemany alone {executemany_seconds:.2f} s)")
        print(f"agent-tui import:              {ours:8.2f} s  ({args.rows / ours:,.0f} rows/s)")
        print(f"ratio import / raw (best of {args.repeat}): {ratio:.2f} (target ≤ 1.5); "
              f"import / executemany alone: {ours / executemany_seconds:.2f}")
        if args.json:
            result = {
                "rows": args.rows,
                "repeat": args.repeat,
                "raw_runs": [round(r[0], 3) for r in raws],
                "import_runs": [round(r, 3) for r in ours_runs],
                "raw_seconds": round(raw_seconds, 3),
                "executemany_seconds": round(executemany_seconds, 3),
                "import_seconds": round(ours, 3),
                "ratio": round(ratio, 3),
                "ratio_to_executemany": round(ours / executemany_seconds, 3),
                "target": 1.5,
                "python": platform.python_version(),
                "sqlite": sqlite3.sqlite_version,
                "machine": platform.machine(),
            }
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return 0 if ratio <= 1.5 else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

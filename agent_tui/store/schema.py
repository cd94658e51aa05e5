"""The schema's version, and ``db init`` / ``db upgrade`` that bring a database to it.

The models describe the newest schema. ``init_db`` creates it in an empty
database and records the newest version; ``upgrade_db`` takes an older
database forward through :data:`STEPS`, each a ``playhouse.migrate`` change
applied in its own transaction and recorded in ``schema_version``. Both are
idempotent: run twice, the second run changes nothing. A SQLite file is
copied aside (with SQLite's online backup) before any step runs.

To change the schema: change the model, then append a :class:`Step` whose
``apply`` makes the same change to an existing database, e.g.
``migrator.migrate(migrator.add_column("account", "segment", CharField(default="")))``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import CharField, Database, DatabaseError, IntegerField, fn

from agent_tui.store import name_search
from agent_tui.store.audit import RECORDED, plan_event, promise_event
from agent_tui.store.database import is_sqlite, sqlite_path
from agent_tui.store.errors import SchemaError, StoreError
from agent_tui.store.fields import UTCDateTimeField, utc_now
from agent_tui.store.models import APPEND_ONLY, MODELS, AuditEvent, BaseModel, Plan, Promise

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

#: The version ``init_db`` writes for a schema created from the models as they stand.
BASELINE = 1


class SchemaVersion(BaseModel):
    """One row per schema version applied to this database."""

    version = IntegerField(primary_key=True)
    description = CharField(max_length=200)
    applied_at = UTCDateTimeField(default=utc_now)


@dataclass(frozen=True)
class Step:
    """One change of schema: to ``version``, made by ``apply(migrator, db)``."""

    version: int
    description: str
    apply: Callable[[SchemaMigrator, Database], None]


def _queue_extremes(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        migrator.add_index("account", ("balance",), False),
        migrator.add_index("account", ("overdue_since",), False),
    )


def _record_agreements(migrator: SchemaMigrator, db: Database) -> None:
    """Give every promise and plan made before they had audit events of their own one now.

    Earlier versions recorded them only inside the call's event; without this
    ``audit verify`` would take each for a row inserted behind the program's back.
    """
    for kind, model, record in (("promise", Promise, promise_event), ("plan", Plan, plan_event)):
        done = {subject for (subject,) in AuditEvent.select(AuditEvent.subject).where(
            AuditEvent.action.in_(RECORDED[kind])).tuples()}
        for row in model.select().order_by(model.id):
            if f"{kind}:{row.id}" not in done:
                record("db-upgrade", row)


def _notes_browser(migrator: SchemaMigrator, db: Database) -> None:
    # IF NOT EXISTS: a database made from the models as they stand (init_db) has it already.
    db.execute_sql('CREATE INDEX IF NOT EXISTS "promise_status_note_id" ON "promise" ("status", "note_id")')
    name_search.install(db, fill=True)


def _no_overwrite(migrator: SchemaMigrator, db: Database) -> None:
    guard_append_only(db)  # creates only the triggers a database does not have yet


def _number_zones(migrator: SchemaMigrator, db: Database) -> None:
    if "time_zone" not in {column.name for column in db.get_columns("contact_point")}:
        migrator.migrate(migrator.add_column("contact_point", "time_zone", CharField(max_length=64, null=True)))


def _record_states(migrator: SchemaMigrator, db: Database) -> None:
    """Put each row's state on record once, so ``audit verify`` can tell a later change made behind the
    program's back from one it recorded."""
    from agent_tui.store.audit_state import record_all_states

    record_all_states("db-upgrade", "baseline")


#: The changes after the baseline, oldest first.
STEPS: tuple[Step, ...] = (
    Step(2, "indexes on account balance and overdue date, for the queue's largest values", _queue_extremes),
    Step(3, "audit events of their own for promises and plans made earlier", _record_agreements),
    Step(4, "indexes for the notes browser: search by name or reference, promises by status", _notes_browser),
    Step(5, "notes and audit events refuse an insert over an existing row (INSERT OR REPLACE)", _no_overwrite),
    Step(6, "a contact point may carry its own time zone", _number_zones),
    Step(7, "the state of every debtor, number and account on record in the audit trail", _record_states),
)


@dataclass(frozen=True)
class SchemaReport:
    """What ``init_db`` or ``upgrade_db`` did: versions before and after, steps run, backup made."""

    before: int
    after: int
    applied: tuple[int, ...] = ()
    backup: Path | None = None

    @property
    def created(self) -> bool:
        """Whether the schema was created by this run."""
        return self.before == 0 and self.after > 0

    @property
    def changed(self) -> bool:
        """Whether this run changed the database at all."""
        return self.before != self.after


_TABLES = (*MODELS, SchemaVersion)


def latest_version(steps: Sequence[Step] = STEPS) -> int:
    """The version a database has once every step is applied."""
    return max([BASELINE, *(step.version for step in steps)])


def schema_version(db: Database) -> int:
    """The schema version recorded in ``db``; 0 for a database never initialised."""
    with db.bind_ctx(_TABLES):
        if not SchemaVersion.table_exists():
            return 0
        return SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar() or 0


def check_schema(db: Database, steps: Sequence[Step] = STEPS) -> int:
    """Make sure ``db`` has exactly the schema this program knows; return its version.

    Raises :class:`~agent_tui.store.errors.SchemaError` naming the command that fixes it.
    """
    found, needed = schema_version(db), latest_version(steps)
    if found == 0:
        raise SchemaError("schema_missing")
    if found < needed:
        raise SchemaError("schema_old", found=found, needed=needed)
    if found > needed:
        raise SchemaError("schema_new", found=found, needed=needed)
    return found


def init_db(db: Database, steps: Sequence[Step] = STEPS) -> SchemaReport:
    """Create every table in an empty database and record the newest version.

    A database that already has a schema is left as it is (``upgrade_db``
    moves it forward), so running it twice is harmless.
    """
    before = schema_version(db)
    if before:
        return SchemaReport(before, before)
    version = latest_version(steps)
    try:
        with db.bind_ctx(_TABLES), db.atomic():
            if schema_version(db):  # another process got here first
                return SchemaReport(before, schema_version(db))
            db.create_tables(_TABLES, safe=True)
            guard_append_only(db)
            name_search.install(db)
            SchemaVersion.create(version=version, description="initial schema")
    except DatabaseError as error:
        raise _failed(error) from None
    return SchemaReport(before, version, (version,))


def upgrade_db(
    db: Database,
    steps: Sequence[Step] = STEPS,
    backup_dir: Path | None = None,
) -> SchemaReport:
    """Apply the steps ``db`` has not had yet, each in its own transaction.

    An empty database is initialised instead. A SQLite file is backed up
    first (next to it, or into ``backup_dir``); a database newer than this
    program raises :class:`~agent_tui.store.errors.SchemaError`.
    """
    before = schema_version(db)
    if before == 0:
        return init_db(db, steps)
    needed = latest_version(steps)
    if before > needed:
        raise SchemaError("schema_new", found=before, needed=needed)
    pending = sorted((s for s in steps if s.version > before), key=lambda s: s.version)
    if not pending:
        return SchemaReport(before, before)
    backup = backup_sqlite(db, before, backup_dir) if sqlite_path(db) else None
    from playhouse.migrate import SchemaMigrator  # only an upgrade needs it, not every start

    migrator = SchemaMigrator.from_database(db)
    try:
        with db.bind_ctx(_TABLES):
            for step in pending:
                with migrator.migration_context():
                    step.apply(migrator, db)
                    SchemaVersion.create(version=step.version, description=step.description)
            # A step may have rebuilt a guarded table (SQLite does so to change columns), and
            # with it dropped its triggers: the append-only guards and the name search's.
            guard_append_only(db)
            name_search.install(db)
    except DatabaseError as error:
        raise _failed(error) from None
    return SchemaReport(before, schema_version(db), tuple(s.version for s in pending), backup)


def backup_sqlite(db: Database, version: int, backup_dir: Path | None = None) -> Path:
    """Copy the SQLite file behind ``db`` to ``NAME.vVERSION-STAMP.bak`` (mode 0600)."""
    source = sqlite_path(db)
    assert source is not None, "backup_sqlite needs a SQLite file database"
    folder = backup_dir or source.parent
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for n in range(100):
            target = folder / f"{source.name}.v{version}-{stamp}{f'-{n}' if n else ''}.bak"
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                break
            except FileExistsError:
                continue
        copy = sqlite3.connect(target)
        try:
            db.connection().backup(copy)
        finally:
            copy.close()
    except (OSError, sqlite3.Error) as error:
        raise StoreError("backup_failed", path=str(source), reason=str(error)) from None
    return target


def _unique_keys(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """The columns (or sets of columns) of ``model`` that no two rows may share."""
    meta = model._meta
    keys: list[tuple[str, ...]] = [(f.column_name,) for f in meta.sorted_fields if f.primary_key or f.unique]
    for names, unique in meta.indexes:
        if unique:
            keys.append(tuple(meta.fields[name].column_name for name in names))
    return keys


def _no_replace_trigger(model: type[BaseModel]) -> str:
    """SQLite: refuse an INSERT whose key a row already has, whatever its conflict clause.

    ``INSERT OR REPLACE`` resolves the conflict by deleting the old row without
    firing DELETE triggers (unless ``PRAGMA recursive_triggers`` is on, which
    lives in a connection, not in the file: the sqlite3 shell does not set it).
    This trigger lives in the file and fires before the conflict is resolved.
    """
    table = model._meta.table_name
    taken = " OR ".join(
        f'EXISTS (SELECT 1 FROM "{table}" WHERE '
        + " AND ".join(f'"{column}" = NEW."{column}"' for column in key) + ")"
        for key in _unique_keys(model)
    )
    return (
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_replace" BEFORE INSERT ON "{table}" WHEN {taken} '
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: a row with this key exists'); END"
    )


def guard_append_only(db: Database) -> None:
    """Make the database itself refuse UPDATE and DELETE on append-only tables.

    The ORM refuses already (``AppendOnlyModel``); the triggers stop a stray
    SQL statement or another tool, which is what makes the trail trustworthy.
    On SQLite an insert over an existing row (``INSERT OR REPLACE``, ``OR
    IGNORE``) is refused too; PostgreSQL's ``ON CONFLICT DO UPDATE`` fires the
    UPDATE trigger, and it has no REPLACE.
    """
    tables = [model._meta.table_name for model in APPEND_ONLY]
    if is_sqlite(db):
        for model in APPEND_ONLY:
            table = model._meta.table_name
            for event in ("UPDATE", "DELETE"):
                db.execute_sql(
                    f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{event.lower()}" '
                    f'BEFORE {event} ON "{table}" '
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
                )
            db.execute_sql(_no_replace_trigger(model))
        return
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION agent_tui_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        # %% is psycopg's escape for a literal % (the RAISE placeholder).
        "RAISE EXCEPTION '%% rows are append-only', TG_TABLE_NAME "
        "USING ERRCODE = 'restrict_violation'; END $$"
    )
    for table in tables:
        for name, timing in (
            (f"{table}_no_change", "BEFORE UPDATE OR DELETE ON \"{t}\" FOR EACH ROW"),
            (f"{table}_no_truncate", "BEFORE TRUNCATE ON \"{t}\" FOR EACH STATEMENT"),
        ):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            db.execute_sql(
                f'CREATE TRIGGER "{name}" {timing.format(t=table)} '
                "EXECUTE FUNCTION agent_tui_append_only()"
            )


def _failed(error: DatabaseError) -> StoreError:
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if "read-only" in reason or "readonly" in reason:
        return StoreError("read_only")
    return StoreError("schema_failed", reason=reason)

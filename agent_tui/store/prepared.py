"""Statements whose SQL Peewee builds once: each run binds that run's values to the same text.

Peewee writes a query's SQL afresh every time it runs. For the desk's hot
statements that costs more than SQLite takes to answer them: the scope
condition alone is a millisecond of Python on every F2. A :class:`Prepared`
statement is written as an ordinary Peewee query, with :func:`slot` where a
value changes from run to run (and :func:`slots` for an ``IN`` list of a
given length). Its SQL, and the order of its parameters, are worked out the
first time it runs on a kind of database; each later run puts its values
through the same column conversions Peewee would (``db_value``) and sends
the same text.

What stays fixed belongs in the *shape*: arguments of the builder that pick
the text (an agent's id, a list's length), each shape compiled once. A
list's length is best rounded up with :func:`padded`, so that a statement
has a handful of shapes, not one for every length; and a shape with many
parameters is compiled for its run and not kept, so what is kept stays small
however long the workstation runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import Database, DatabaseProxy, Field, Insert, Model, Node

#: Compiled shapes kept per statement; past this many, it starts again.
SHAPES_KEPT = 64
#: A compiled shape with more parameters than this is used for its run and not kept.
PARAMS_KEPT = 80


class _Bound:
    """Where a run's value goes in the parameters, and the column's conversion for it."""

    __slots__ = ("name", "index", "convert")

    def __init__(self, name: str, index: int | None, convert: Callable[[Any], Any] | None) -> None:
        self.name, self.index, self.convert = name, index, convert

    def value(self, values: dict[str, Any]) -> Any:
        value = values[self.name]
        if self.index is not None:
            value = value[self.index]
        return self.convert(value) if self.convert is not None else value


class _Slot(Node):
    """One parameter, filled at each run from the value named ``name``."""

    def __init__(self, name: str, index: int | None = None, field: Field | None = None) -> None:
        super().__init__()
        self.name, self.index, self.field = name, index, field

    def __sql__(self, ctx):
        # The converter Peewee would apply here: the given column's, else the compared column's
        # (an expression sets it for its right-hand side).
        convert = self.field.db_value if self.field is not None else ctx.state.converter or None
        ctx._values.append(_Bound(self.name, self.index, convert))
        return ctx.literal(ctx.state.param or "?")


class _Slots(Node):
    """``(?, ?, …)``: an ``IN`` list of ``count`` values, filled from the sequence named ``name``."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__()
        if count < 1:
            raise ValueError("an IN list needs at least one value")
        self.name, self.count = name, count

    def __sql__(self, ctx):
        ctx.literal("(")
        for i in range(self.count):
            if i:
                ctx.literal(", ")
            _Slot(self.name, i).__sql__(ctx)
        return ctx.literal(")")


def slot(name: str, field: Field | None = None) -> Node:
    """A value given at each run as ``name=…``; ``field`` converts it where no comparison says which
    column it goes to (an INSERT's values)."""
    return _Slot(name, field=field)


def slots(name: str, count: int) -> Node:
    """An ``IN`` list of ``count`` values given at each run as ``name=[…]``."""
    return _Slots(name, count)


def padded(values: list) -> list:
    """``values`` repeated at the end up to a power of two long: the same ``IN`` list, in few shapes."""
    size = 1
    while size < len(values):
        size *= 2
    return values + values[-1:] * (size - len(values)) if values else values


def slot_rows(name: str, fields: list[Field], count: int) -> list[tuple[Node, ...]]:
    """``count`` rows of slots for a many-row INSERT of ``fields``, filled from the flat sequence ``name``
    (row after row)."""
    width = len(fields)
    return [tuple(_Slot(name, row * width + n, field) for n, field in enumerate(fields)) for row in range(count)]


class Prepared:
    """A query on ``model`` built by ``build(*shape)`` with slots; compiled once per shape and kind of database.

    Runs use ``db`` when given, else the database ``model`` is bound to.
    """

    def __init__(self, model: type[Model], build: Callable[..., Any]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple, tuple[Any, str, tuple]] = {}

    def compiled(self, db: Database | None, shape: tuple = ()) -> tuple[Any, str, tuple]:
        """The query of this shape, its SQL on ``db``, and its parameters (slots still to fill)."""
        db = self._database(db)
        key = (type(db), db.param, shape)
        found = self._compiled.get(key)
        if found is None:
            query = self.build(*shape)
            if isinstance(query, Insert) and db.returning_clause and query._returning is None:
                query = query.returning(self.model._meta.primary_key)  # the new id, as Peewee asks for it
            sql, params = db.get_sql_context().sql(query).query()
            found = (query, sql, tuple(params))
            if len(params) <= PARAMS_KEPT:
                if len(self._compiled) >= SHAPES_KEPT:  # many shapes (list lengths): start again
                    self._compiled = {}
                self._compiled[key] = found
        return found

    def sql(self, db: Database | None = None, shape: tuple = (), **values: Any) -> tuple[str, list]:
        """The SQL and the parameters of a run with ``values``."""
        _, sql, params = self.compiled(db, shape)
        return sql, _bind(params, values)

    def execute(self, db: Database | None = None, shape: tuple = (), **values: Any):
        """Run it; the driver's cursor."""
        return self._database(db).execute_sql(*self.sql(db, shape, **values))

    def rows(self, db: Database | None = None, shape: tuple = (), **values: Any) -> list[Any]:
        """Run a select; its rows as Peewee gives them for the query (models, tuples…), converted alike."""
        db = self._database(db)
        query, sql, params = self.compiled(db, shape)
        return list(query._get_cursor_wrapper(db.execute_sql(sql, _bind(params, values))))

    def _database(self, db: Database | None) -> Database:
        """``db``, or the database the model is bound to."""
        if db is None:
            db = self.model._meta.database
            if isinstance(db, DatabaseProxy):
                db = db.obj
            if db is None:
                raise RuntimeError("no database is bound: call use_database() first")
        return db


def _bind(params: tuple, values: dict[str, Any]) -> list:
    return [p.value(values) if type(p) is _Bound else p for p in params]


_INSERTS: dict[type[Model], Prepared] = {}


def insert(row: Model, db: Database | None = None) -> Model:
    """Write a new row, built as a model instance (so its defaults are applied), as ``save()`` would.

    The instance gets its new id and is returned. One prepared INSERT per model and set of columns.
    """
    model = type(row)
    prepared = _INSERTS.get(model)
    if prepared is None:
        fields = model._meta.fields
        prepared = _INSERTS[model] = Prepared(model, lambda names: model.insert(
            {fields[name]: slot(name, fields[name]) for name in names}))
    key = model._meta.primary_key.name
    data = row.__data__
    names = tuple(name for name in model._meta.sorted_field_names
                  if name in data and (name != key or data[name] is not None))
    db = prepared._database(db)
    _, sql, params = prepared.compiled(db, (names,))
    cursor = db.execute_sql(sql, _bind(params, data))
    row._pk = cursor.fetchone()[0] if db.returning_clause else cursor.lastrowid
    row._dirty.clear()
    return row

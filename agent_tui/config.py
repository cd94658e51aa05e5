"""config.yaml → frozen dataclasses, with every problem named by file and line.

The shape of the configuration is the dataclasses below (and the policy
classes of ``domain.policy``): a key the classes do not have is an error, a
value of the wrong type is an error, and every field has a default, so an
empty file is a working configuration. All problems are collected, then
reported one per line as ``PATH:LINE: key.path: what was expected, what was
found``; the command line turns them into exit code 2.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui import yaml_lines
from agent_tui.database_url import unknown_parameter
from agent_tui.domain.conduct_rules import ComplianceSettings
from agent_tui.domain.money import CURRENCIES
from agent_tui.domain.note_form import MAX_NOTE_LENGTH
from agent_tui.domain.policy import LedgerPolicy, OfferPolicy, QueueWeights
from agent_tui.i18n import LANGUAGES
from agent_tui.yaml_lines import Entry, Map, Node, Problems, Scalar, Seq, YamlProblems, did_you_mean, found, read_file

CONFIG_ENV = "AGENT_TUI_CONFIG"
DEFAULT_FILE = "config.yaml"

# Field metadata: extra checks on a str field.
URL = {"check": "url"}
TIMEZONE = {"check": "timezone"}
LANGUAGE = {"check": "language"}
CURRENCY = {"check": "currency"}


def between(low: int, high: int) -> dict[str, Any]:
    """Field metadata: a number config.yaml may set from ``low`` to ``high``, both included."""
    return {"range": (low, high)}


@dataclass(frozen=True)
class DatabaseConfig:
    """Where the data lives."""

    #: ``sqlite:///relative.db``, ``sqlite:////absolute.db`` or ``postgresql://…``;
    #: empty: the demo database in the user's data folder.
    url: str = field(default="", metadata=URL)


@dataclass(frozen=True)
class AgentConfig:
    """Who works at this workstation unless ``--agent`` says otherwise."""

    default: str = "A001"


@dataclass(frozen=True)
class ClaimsConfig:
    """How long a case stays with the agent who took it."""

    lease_minutes: int = field(default=15, metadata=between(1, 24 * 60))
    #: A case assigned to an agent goes to the team after this many minutes.
    assigned_first_minutes: int = field(default=60, metadata=between(0, 7 * 24 * 60))


@dataclass(frozen=True)
class NotesConfig:
    """The call note."""

    #: The longest note text, in characters: a note is read by people, and a huge one held the write lock.
    max_length: int = field(default=MAX_NOTE_LENGTH, metadata=between(100, 100_000))


@dataclass(frozen=True)
class ScriptsConfig:
    """The call scripts (one YAML file per language)."""

    #: Relative paths are relative to config.yaml's folder.
    folder: str = "scripts"


@dataclass(frozen=True)
class DialerConfig:
    """How F3 dials: a softphone command with ``{number}``, or empty to dial by hand."""

    command: str = ""
    #: F3 with more than one number: choose which, the primary first, each with the calling rules' verdict
    #: (false: F3 dials the first number the rules allow, at once).
    choose_number: bool = True


@dataclass(frozen=True)
class ReviewConfig:
    """The lead's review mode."""

    #: A separate (e.g. replica) database for review; empty: the main one.
    database_url: str = field(default="", metadata=URL)
    #: The one folder the review's F7 writes exports into (relative: to config.yaml's folder);
    #: empty: ``exports`` in the data folder.
    export_dir: str = ""


@dataclass(frozen=True)
class AuditConfig:
    """Where the audit chain's signed checkpoints are kept, and the key that checks them.

    Both live outside the database (relative paths: to config.yaml's folder);
    ``agent-tui audit keygen`` makes the key pair, ``audit checkpoint`` signs.
    """

    #: The public half of the checkpoint key; empty: ``audit verify`` cannot check checkpoints.
    public_key: str = ""
    #: The folder of signed checkpoints; empty: ``audit verify`` says what it cannot prove.
    checkpoints_dir: str = ""


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    language: str = field(default="en", metadata=LANGUAGE)
    currency: str = field(default="CNY", metadata=CURRENCY)
    #: Empty: the catalog's name for the company in the screen's language.
    company: str = ""
    #: The number a debtor (or a third party taking a message) can call back; the scripts say it.
    company_phone: str = "400-800-1234"
    #: The time zone of the collection floor, for reports by day.
    time_zone: str = field(default="Asia/Shanghai", metadata=TIMEZONE)
    agent: AgentConfig = field(default_factory=AgentConfig)
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)
    offers: OfferPolicy = field(default_factory=OfferPolicy)
    ledger: LedgerPolicy = field(default_factory=LedgerPolicy)
    queue: QueueWeights = field(default_factory=QueueWeights)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    notes: NotesConfig = field(default_factory=NotesConfig)
    #: Binding id → key, e.g. ``next_case: f2``.
    keys: dict[str, str] = field(default_factory=dict)
    scripts: ScriptsConfig = field(default_factory=ScriptsConfig)
    dialer: DialerConfig = field(default_factory=DialerConfig)
    review: ReviewConfig = field(default_factory=ReviewConfig)
    audit: AuditConfig = field(default_factory=AuditConfig)
    #: The folder config.yaml was read from (not a key of the file).
    base_dir: str = field(default=".", metadata={"internal": True})
    #: The file read, and the line of each ``keys:`` entry: the screens, which know the keys,
    #: check them before they start (not keys of the file).
    source: str = field(default="", metadata={"internal": True})
    key_lines: dict[str, int] = field(default_factory=dict, metadata={"internal": True})

    def digest(self) -> str:
        """The SHA-256 of the effective configuration (every key as it applies, defaults included; not
        where it was read from): the same settings give the same digest wherever the file lives."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if not f.metadata.get("internal")}
        text = json.dumps(asdict_values(values), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def key_line(self, name: str) -> str:
        """``PATH:LINE`` of ``keys.<name>``, for a problem the screens find with a key."""
        return f"{self.source or DEFAULT_FILE}:{self.key_lines.get(name, 1)}"

    def scripts_dir(self) -> Path:
        """The folder of the call scripts, resolved against config.yaml's folder.

        With the default folder and none beside config.yaml (or the current
        folder, without a config file), the scripts shipped with agent-tui.
        """
        folder = Path(self.scripts.folder).expanduser()
        if folder.is_absolute():
            return folder
        here = Path(self.base_dir) / folder
        if here.is_dir() or self.scripts.folder != ScriptsConfig.folder:
            return here
        return next((shipped for shipped in _shipped_scripts() if shipped.is_dir()), here)


def _shipped_scripts() -> tuple[Path, ...]:
    """Where the scripts that come with agent-tui are: beside the package (a checkout), or in share/."""
    return (
        Path(__file__).resolve().parents[1] / "scripts",
        Path(sys.prefix) / "share" / "agent-tui" / "scripts",
    )


class ConfigError(Exception):
    """config.yaml could not be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _scalar(problems: Problems, node: Node, key: str, kind: Any, meta: Mapping[str, Any]) -> Any:
    """Convert one scalar to ``kind``; record a problem and return None when it does not fit."""
    if not isinstance(node, Scalar):
        problems.add(node, key, _describe(kind), found(node))
        return None
    text, plain = node.text, node.plain
    if kind is bool:
        if plain and text.lower() in ("true", "yes", "on"):
            return True
        if plain and text.lower() in ("false", "no", "off"):
            return False
        problems.add(node, key, "true or false", found(node))
        return None
    if kind is int:
        digits = text.replace("_", "")
        # Python refuses to read more than 4,300 digits; no bound needs a tenth of that.
        if plain and re.fullmatch(r"[-+]?\d{1,400}", digits):
            return _within(problems, node, key, int(digits), "a whole number", meta)
        problems.add(node, key, "a whole number" + _range(meta), found(node))
        return None
    if kind is Decimal:
        try:
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.add(node, key, "a number" + _range(meta), found(node))
            return None
        return _within(problems, node, key, number, "a number", meta)
    if kind is time:
        match = _TIME.match(text)
        if not match:
            problems.add(node, key, "a time of day as HH:MM (00:00 to 23:59)", found(node))
            return None
        return time(int(match.group(1)), int(match.group(2)))
    if typing.get_origin(kind) is Literal:
        choices = typing.get_args(kind)
        if text in choices:
            return text
        problems.add(node, key, "one of " + ", ".join(map(str, choices)), found(node))
        return None
    if kind is str:
        if plain and text in ("~", "null", "Null", "NULL"):
            problems.add(node, key, "text", "nothing")
            return None
        return _check_str(problems, node, key, text, meta.get("check"))
    raise TypeError(f"unsupported config type {kind!r}")  # a programming error, not a user one


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _range(meta: Mapping[str, Any]) -> str:
    """`` from LOW to HIGH`` for a field with a ``range``; empty for one without."""
    if "range" not in meta:
        return ""
    low, high = meta["range"]
    return f" from {_figure(low)} to {_figure(high)}"


def _figure(number: Any) -> str:
    return f"{number:,}" if abs(number) >= 10_000 else str(number)


def _within(problems: Problems, node: Scalar, key: str, number: Any, what: str, meta: Mapping[str, Any]) -> Any:
    """``number`` when it is within the field's ``range``; else a problem naming the range, and None."""
    low, high = meta.get("range", (number, number))
    if low <= number <= high:
        return number
    problems.add(node, key, what + _range(meta), found(node))
    return None


def _check_str(problems: Problems, node: Scalar, key: str, text: str, check: str | None) -> str | None:
    if check == "timezone":
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            problems.add(node, key, "an IANA time zone such as Asia/Shanghai", found(node))
            return None
    elif check == "language" and text not in LANGUAGES:
        problems.add(node, key, "one of " + ", ".join(LANGUAGES), found(node))
        return None
    elif check == "currency" and text not in CURRENCIES:
        problems.add(node, key, "one of " + ", ".join(CURRENCIES), found(node))
        return None
    elif check == "url" and text and not _valid_url(text):
        problems.add(
            node,
            key,
            "a database URL: sqlite:///file.db, sqlite:////abs/file.db or postgresql://user@host:port/db",
            found(node),
        )
        return None
    elif check == "url" and text and (unknown := unknown_parameter(text)) is not None:
        name, close = unknown
        hint = f" (did you mean {close!r}?)" if close else ""
        problems.add(node, key, "only the parameters the database takes" + hint, f"unknown parameter {name!r}")
        return None
    return text


def _valid_url(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return len(url) > len("sqlite:///")
    return bool(re.match(r"^(postgres|postgresql)(\+\w+)?://[^/\s]*/\w[\w-]*(\?\S*)?$", url))


def _describe(kind: Any) -> str:
    if dataclasses.is_dataclass(kind):
        return "a mapping"
    origin = typing.get_origin(kind)
    if origin is tuple:
        return "a list"
    if origin is dict:
        return "a mapping"
    names: dict[Any, str] = {bool: "true or false", int: "a whole number", Decimal: "a number", str: "text",
                             time: "a time HH:MM"}
    return names.get(kind, str(kind))


def _value(problems: Problems, node: Node, key: str, kind: Any, meta: Mapping[str, Any]) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if isinstance(node, Scalar) and node.plain and node.text in ("~", "null", ""):
            return None
        return _value(problems, node, key, args[0], meta)
    if dataclasses.is_dataclass(kind):
        return _section(problems, node, key, typing.cast(type, kind))
    if origin is tuple:
        (item, *_rest) = typing.get_args(kind)
        if not isinstance(node, Seq):
            problems.add(node, key, "a list", found(node))
            return None
        items = [_value(problems, child, f"{key}[{i}]", item, meta) for i, child in enumerate(node.items)]
        return None if any(i is None for i in items) else tuple(items)
    if origin is dict:
        if not isinstance(node, Map):
            problems.add(node, key, "a mapping", found(node))
            return None
        out = {}
        for entry in node.entries:
            name = entry.key if entry.key is not None else "(empty key)"
            value = _scalar(problems, entry.value, f"{key}.{name}", str, {})
            if value is not None:
                out[name] = value
        return out
    return _scalar(problems, node, key, kind, meta)


def _section(problems: Problems, node: Node, prefix: str, cls: type) -> Any:
    """Build dataclass ``cls`` from a mapping, defaults for what is absent."""
    if not isinstance(node, Map):
        problems.add(node, prefix or "(top level)", "a mapping", found(node))
        return cls()
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    values: dict[str, Any] = {}
    seen: dict[str, Entry] = {}
    for entry in node.entries:
        name = entry.key or ""
        key = f"{prefix}.{name or '(empty key)'}" if prefix else (name or "(empty key)")
        if name in seen:
            problems.add(entry, key, "each key once", "it again")
            continue
        seen[name] = entry
        if name not in fields:
            problems.add(entry, key, "a known key" + did_you_mean(name, fields), f"unknown key {name!r}")
            continue
        value = _value(problems, entry.value, key, hints[name], fields[name].metadata)
        if value is not None or _optional(hints[name]):
            values[name] = value
    before = len(problems.lines)
    try:
        built = cls(**values)
    except (TypeError, ValueError) as exc:  # a dataclass refusing a combination
        problems.add(node, prefix or "(top level)", "valid values", str(exc))
        return cls()
    if len(problems.lines) == before and hasattr(built, "problems"):
        for field_path, expected in built.problems():
            value_node = _node_for(node, field_path)
            first = seen.get(field_path.split(".")[0])
            where: Node | Entry = value_node or first or node
            shown = found(value_node) if value_node is not None else "the default"
            problems.add(where, f"{prefix}.{field_path}" if prefix else field_path, expected, shown)
    return built


def _node_for(node: Map, dotted: str) -> Node | None:
    current: Node | None = node
    for part in dotted.split("."):
        if not isinstance(current, Map):
            return None
        entry = current.get(part)
        current = entry.value if entry is not None else None
    return current


def _optional(kind: Any) -> bool:
    return typing.get_origin(kind) in (types.UnionType, typing.Union) and type(None) in typing.get_args(kind)


def parse_config(text: str, path: str = DEFAULT_FILE) -> Config:
    """Build a :class:`Config` from YAML text; raise :class:`ConfigError` naming every problem."""
    try:
        root = yaml_lines.parse(text, path)
    except YamlProblems as exc:
        raise ConfigError(exc.problems) from None
    problems = Problems(path)
    config = Config() if root is None else _section(problems, root, "", Config)
    if problems.lines:
        raise ConfigError(problems.lines)
    base = str(Path(path).resolve().parent) if path else "."
    keys = root.get("keys") if isinstance(root, Map) else None
    lines: dict[str, int] = {}
    if keys is not None and isinstance(keys.value, Map):
        lines = {entry.key: entry.line for entry in keys.value.entries if entry.key is not None}
    return dataclasses.replace(config, base_dir=base, source=path, key_lines=lines)


def find_config(explicit: str | None) -> Path | None:
    """Which config.yaml to read: ``--config``, then $AGENT_TUI_CONFIG, then ./config.yaml."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    local = Path.cwd() / DEFAULT_FILE
    return local if local.is_file() else None


def load_config(explicit: str | None = None) -> Config:
    """Read the configuration; built-in defaults when there is no file to read."""
    path = find_config(explicit)
    if path is None:
        return Config()
    try:
        text = read_file(path, "a readable config file")
    except YamlProblems as exc:
        raise ConfigError(exc.problems) from None
    return parse_config(text, str(path))


def asdict_values(value: Any) -> Any:
    """Settings as plain JSON-ready values: dataclasses as dicts, tuples as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: asdict_values(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): asdict_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [asdict_values(v) for v in value]
    return value

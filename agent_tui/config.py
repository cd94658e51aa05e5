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
import difflib
import os
import re
import sys
import types
import typing
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from agent_tui.domain.money import CURRENCIES
from agent_tui.domain.policy import (
    ComplianceSettings,
    LedgerPolicy,
    OfferPolicy,
    QueueWeights,
)
from agent_tui.i18n import LANGUAGES

CONFIG_ENV = "AGENT_TUI_CONFIG"
DEFAULT_FILE = "config.yaml"

# Field metadata: extra checks on a str field.
URL = {"check": "url"}
TIMEZONE = {"check": "timezone"}
LANGUAGE = {"check": "language"}
CURRENCY = {"check": "currency"}


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

    lease_minutes: int = 15
    #: A case assigned to an agent goes to the team after this many minutes.
    assigned_first_minutes: int = 60


@dataclass(frozen=True)
class ScriptsConfig:
    """The call scripts (one YAML file per language)."""

    #: Relative paths are relative to config.yaml's folder.
    folder: str = "scripts"


@dataclass(frozen=True)
class DialerConfig:
    """How F3 dials: a softphone command with ``{number}``, or empty to dial by hand."""

    command: str = ""


@dataclass(frozen=True)
class ReviewConfig:
    """The lead's review mode."""

    #: A separate (e.g. replica) database for review; empty: the main one.
    database_url: str = field(default="", metadata=URL)


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    database: DatabaseConfig = DatabaseConfig()
    language: str = field(default="en", metadata=LANGUAGE)
    currency: str = field(default="CNY", metadata=CURRENCY)
    #: Empty: the catalog's name for the company in the screen's language.
    company: str = ""
    #: The number a debtor (or a third party taking a message) can call back; the scripts say it.
    company_phone: str = "400-800-1234"
    #: The time zone of the collection floor, for reports by day.
    time_zone: str = field(default="Asia/Shanghai", metadata=TIMEZONE)
    agent: AgentConfig = AgentConfig()
    compliance: ComplianceSettings = ComplianceSettings()
    offers: OfferPolicy = OfferPolicy()
    ledger: LedgerPolicy = LedgerPolicy()
    queue: QueueWeights = QueueWeights()
    claims: ClaimsConfig = ClaimsConfig()
    #: Binding id → key, e.g. ``next_case: f2``.
    keys: dict[str, str] = field(default_factory=dict)
    scripts: ScriptsConfig = ScriptsConfig()
    dialer: DialerConfig = DialerConfig()
    review: ReviewConfig = ReviewConfig()
    #: The folder config.yaml was read from (not a key of the file).
    base_dir: str = field(default=".", metadata={"internal": True})

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


@dataclass
class _Reader:
    path: str
    problems: list[str] = field(default_factory=list)

    def fail(self, node: yaml.Node | None, key: str, expected: str, found: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.path}:{line}: {key}: expected {expected}, found {found}")


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = node.value
    return repr(value) if value != "" else "nothing"


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _scalar(reader: _Reader, node: yaml.Node, key: str, kind: Any, meta: dict) -> Any:
    """Convert one scalar node to ``kind``; record a problem and return None when it does not fit."""
    if not isinstance(node, yaml.ScalarNode):
        reader.fail(node, key, _describe(kind), _found(node))
        return None
    text = node.value
    plain = not node.style  # unquoted (None from the Python parser, "" from libyaml)
    if kind is bool:
        if plain and text.lower() in ("true", "yes", "on"):
            return True
        if plain and text.lower() in ("false", "no", "off"):
            return False
        reader.fail(node, key, "true or false", _found(node))
        return None
    if kind is int:
        if plain and re.fullmatch(r"[-+]?\d+", text.replace("_", "")):
            return int(text.replace("_", ""))
        reader.fail(node, key, "a whole number", _found(node))
        return None
    if kind is Decimal:
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
            return value
        except InvalidOperation:
            reader.fail(node, key, "a number", _found(node))
            return None
    if kind is time:
        match = _TIME.match(text)
        if not match:
            reader.fail(node, key, "a time of day as HH:MM (00:00 to 23:59)", _found(node))
            return None
        return time(int(match.group(1)), int(match.group(2)))
    if typing.get_origin(kind) is Literal:
        choices = typing.get_args(kind)
        if text in choices:
            return text
        reader.fail(node, key, "one of " + ", ".join(map(str, choices)), _found(node))
        return None
    if kind is str:
        if plain and text in ("~", "null", "Null", "NULL"):
            reader.fail(node, key, "text", "nothing")
            return None
        return _check_str(reader, node, key, text, meta.get("check"))
    raise TypeError(f"unsupported config type {kind!r}")  # a programming error, not a user one


def _check_str(reader: _Reader, node: yaml.Node, key: str, text: str, check: str | None) -> str | None:
    if check == "timezone":
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            reader.fail(node, key, "an IANA time zone such as Asia/Shanghai", _found(node))
            return None
    elif check == "language" and text not in LANGUAGES:
        reader.fail(node, key, "one of " + ", ".join(LANGUAGES), _found(node))
        return None
    elif check == "currency" and text not in CURRENCIES:
        reader.fail(node, key, "one of " + ", ".join(CURRENCIES), _found(node))
        return None
    elif check == "url" and text and not _valid_url(text):
        reader.fail(
            node,
            key,
            "a database URL: sqlite:///file.db, sqlite:////abs/file.db or postgresql://user@host:port/db",
            _found(node),
        )
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
    return {bool: "true or false", int: "a whole number", Decimal: "a number", str: "text", time: "a time HH:MM"}.get(
        kind, str(kind)
    )


def _value(reader: _Reader, node: yaml.Node, key: str, kind: Any, meta: dict) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if isinstance(node, yaml.ScalarNode) and not node.style and node.value in ("~", "null", ""):
            return None
        return _value(reader, node, key, args[0], meta)
    if dataclasses.is_dataclass(kind):
        return _section(reader, node, key, kind)
    if origin is tuple:
        (item, *_rest) = typing.get_args(kind)
        if not isinstance(node, yaml.SequenceNode):
            reader.fail(node, key, "a list", _found(node))
            return None
        items = [_value(reader, child, f"{key}[{i}]", item, meta) for i, child in enumerate(node.value)]
        return None if any(i is None for i in items) else tuple(items)
    if origin is dict:
        if not isinstance(node, yaml.MappingNode):
            reader.fail(node, key, "a mapping", _found(node))
            return None
        out = {}
        for knode, vnode in node.value:
            name = str(knode.value) if isinstance(knode, yaml.ScalarNode) else "(empty key)"
            value = _scalar(reader, vnode, f"{key}.{name}", str, {})
            if value is not None:
                out[name] = value
        return out
    return _scalar(reader, node, key, kind, meta)


def _section(reader: _Reader, node: yaml.Node, prefix: str, cls: type) -> Any:
    """Build dataclass ``cls`` from a mapping node, defaults for what is absent."""
    if not isinstance(node, yaml.MappingNode):
        reader.fail(node, prefix or "(top level)", "a mapping", _found(node))
        return cls()
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    values: dict[str, Any] = {}
    seen: dict[str, yaml.Node] = {}
    for knode, vnode in node.value:
        name = str(knode.value) if isinstance(knode, yaml.ScalarNode) else ""
        key = f"{prefix}.{name or '(empty key)'}" if prefix else (name or "(empty key)")
        if name in seen:
            reader.fail(knode, key, "each key once", "it again")
            continue
        seen[name] = knode
        if name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            reader.fail(knode, key, "a known key" + hint, f"unknown key {name!r}")
            continue
        value = _value(reader, vnode, key, hints[name], dict(fields[name].metadata))
        if value is not None or _optional(hints[name]):
            values[name] = value
    before = len(reader.problems)
    try:
        built = cls(**values)
    except (TypeError, ValueError) as exc:  # a dataclass refusing a combination
        reader.fail(node, prefix or "(top level)", "valid values", str(exc))
        return cls()
    if len(reader.problems) == before and hasattr(built, "problems"):
        for field_path, expected in built.problems():
            first = field_path.split(".")[0]
            where = _node_for(node, field_path) or seen.get(first) or node
            value_node = _node_for(node, field_path)
            found = _found(value_node) if value_node is not None else "the default"
            reader.fail(where, f"{prefix}.{field_path}" if prefix else field_path, expected, found)
    return built


def _node_for(node: yaml.MappingNode, dotted: str) -> yaml.Node | None:
    current: yaml.Node | None = node
    for part in dotted.split("."):
        if not isinstance(current, yaml.MappingNode):
            return None
        current = next((v for k, v in current.value if k.value == part), None)
    return current


def _optional(kind: Any) -> bool:
    return typing.get_origin(kind) in (types.UnionType, typing.Union) and type(None) in typing.get_args(kind)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text``, with line marks.

    libyaml when built in: the same nodes in a fraction of the time, and config
    loading runs before the first frame. A file it refuses is read again by
    the Python parser, whose explanations the messages have always quoted.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_config(text: str, path: str = DEFAULT_FILE) -> Config:
    """Build a :class:`Config` from YAML text; raise :class:`ConfigError` naming every problem."""
    reader = _Reader(path)
    try:
        root = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([f"{path}:{line}: (YAML): expected well-formed YAML, found {problem}"]) from None
    if root is None:
        config = Config()
    else:
        config = _section(reader, root, "", Config)
    if reader.problems:
        raise ConfigError(reader.problems)
    base = str(Path(path).resolve().parent) if path else "."
    return dataclasses.replace(config, base_dir=base)


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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{path}:1: (file): expected a readable config file, found no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}:1: (file): expected a readable UTF-8 file, found {exc}"]) from None
    return parse_config(text, str(path))

"""The message catalog: every string a user sees comes through here.

Catalogs live in ``agent_tui/i18n/<language>/<area>.yaml``; a key ``greet``
in ``workstation.yaml`` is addressed as ``workstation.greet``. Splitting by
area keeps each file small and lets each part of the program own its words.

Rules and services do not translate: they return :class:`Msg` values (a key
and its parameters) and the edge that shows them calls :func:`render`.
Parameters that know how to format themselves per language (money, dates)
implement ``localize(lang) -> str``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

#: The catalogs' folder: the package's own (a plain path; importlib.resources cost the first frame a zipfile import).
FOLDER = Path(__file__).resolve().parent

LANGUAGES = ("en", "zh-CN")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


class CatalogError(Exception):
    """A catalog file that cannot be read, or a key that is missing."""


@dataclass(frozen=True)
class Msg:
    """A message to show: a catalog key and the values for its placeholders."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        return render(self, lang)


def set_language(lang: str) -> None:
    """Choose the language that :func:`t` and :func:`render` use by default."""
    global _current
    if lang not in LANGUAGES:
        raise CatalogError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    """The language in use."""
    return _current


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, keyed ``area.key``."""
    if lang not in LANGUAGES:
        raise CatalogError(f"unknown language {lang!r}")
    messages: dict[str, str] = {}
    for area in sorted(_areas(lang)):
        messages.update(_area(lang, area))
    return messages


@cache
def _areas(lang: str) -> frozenset[str]:
    """The areas (catalog files) of one language."""
    return frozenset(entry.stem for entry in (FOLDER / lang).iterdir() if entry.suffix == ".yaml")


@cache
def _area(lang: str, area: str) -> dict[str, str]:
    """The messages of one area of one language; an area is read when a message of it is first asked for.

    A screen needs a few areas of the twenty: reading them all held its first frame back.
    """
    if lang not in LANGUAGES:
        raise CatalogError(f"unknown language {lang!r}")
    try:
        text = (FOLDER / lang / f"{area}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    # libyaml when built in: the pure-Python parser took a third of the workstation's start.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise CatalogError(f"{lang}/{area}.yaml: expected a mapping of keys to messages")
    messages: dict[str, str] = {}
    _flatten(area, data, messages, f"{lang}/{area}.yaml")
    return messages


def _messages(lang: str, key: str) -> dict[str, str]:
    """The messages ``key`` would be among: those of its area."""
    area, dot, _ = key.partition(".")
    return _area(lang, area) if dot else {}


def _flatten(prefix: str, data: dict, out: dict[str, str], where: str) -> None:
    for key, value in data.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out, where)
        elif isinstance(value, str):
            out[full] = value
        else:
            raise CatalogError(f"{where}: {full}: expected text, found {type(value).__name__}")


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _localize(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return render(value, lang)
    localize = getattr(value, "localize", None)
    if callable(localize):
        return localize(lang)
    return value


def render(msg: Msg, lang: str | None = None) -> str:
    """Turn a :class:`Msg` into text in ``lang``."""
    return t(msg.key, lang=lang, **msg.params)


def _one(count: Any) -> bool:
    """Whether ``count`` (a number, or one written with thousands separators) is exactly one."""
    return str(count).replace(",", "").strip() == "1"


def t(key: str, /, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: the current language), filled in.

    A message that depends on a number is written as ``one:`` and ``other:`` under its key: the
    ``count`` parameter picks the form ("1 problem", "3 problems").
    """
    lang = lang or _current
    messages = _messages(lang, key)
    text = messages.get(key)
    if text is None:
        form = "one" if _one(params.get("count")) else "other"
        text = messages.get(f"{key}.{form}", messages.get(f"{key}.other"))
    if text is None:
        raise CatalogError(f"{lang}: missing message {key!r}")
    if not params:
        return text
    values = {name: _localize(value, lang) for name, value in params.items()}
    return text.format_map(values)


def has(key: str, lang: str | None = None) -> bool:
    """Whether the catalog of ``lang`` has ``key`` (as it is, or in its ``one``/``other`` forms)."""
    messages = _messages(lang or _current, key)
    return key in messages or f"{key}.other" in messages

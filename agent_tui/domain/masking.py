"""Masking personal numbers: one value (:func:`mask`) and free text (:func:`mask_text`).

One rule for every place a debtor's number could leave the desk: the review
screens, the masked exports and the operational log all pass free text
through :func:`mask_text`, and numbers shown on their own through
:func:`mask`. Both keep the last four characters, so a lead can still tell
two numbers apart.

What counts as a phone number or an ID inside text:

- seven or more decimal digits of any script (``0-9``, full-width ``０-９``,
  Arabic-Indic, …), maybe with up to three of the separators phone numbers
  use between them (spaces, including the ideographic one, dashes, brackets
  ``()（）``, and a dot followed by three more digits, so ``12345.67`` stays
  an amount), maybe after a ``+`` country code; and the check letter ``X``
  an 18-character Chinese ID ends with;
- wherever it stands: against Chinese text (``电话13812345678``), Latin
  letters (``tel13812345678``), punctuation (``：``, ``，``) or digits of other
  kinds (``①``, ``²``);
- except the short hyphen-joined groups of a reference that starts with
  Latin letters (``HX-2024-000001``, ``ACC-0001``): those groups are an
  account's name, not a number; a group of seven digits or more inside such
  a reference is masked all the same (``ID-110101198503127701``);
- and e-mail addresses, which keep their first letter and their domain.
"""

from __future__ import annotations

import re

#: Spaces, dashes and brackets that may stand between the digits of a phone number.
_SEPARATOR = r"(?:[ \t\u00a0\u2007\u202f\u3000\-\u2010-\u2014\u2212\uff0d()（）]|[.．](?=\d{3}))"

#: A phone number or an ID: seven or more digits (any script), separators between them,
#: maybe a country code's ``+`` first and the check letter of a Chinese ID last.
_NUMBER = rf"[+＋]?[(（]?\d(?:{_SEPARATOR}{{0,3}}\d){{6,}}(?:[XxＸｘ](?![A-Za-z]))?"

#: A reference such as ``HX-2024-000001``: Latin letters, then hyphen-joined groups.
_REFERENCE = r"(?<![A-Za-z0-9])[A-Za-z]+(?:-[A-Za-z0-9]+)+"

#: An e-mail address (its local part in ASCII, as mail systems write it).
_EMAIL = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"

_PERSONAL = re.compile(rf"(?P<email>{_EMAIL})|(?P<reference>{_REFERENCE})|(?P<number>{_NUMBER})")

#: A long run of digits inside a reference.
_LONG_RUN = re.compile(r"\d{7,}(?:[XxＸｘ](?![A-Za-z]))?")

#: How many digits come before the check letter of a Chinese resident ID.
_ID_DIGITS = 17


def mask(value: str) -> str:
    """A phone number, national id or e-mail with all but its last four characters hidden.

    Separators (spaces, dashes, ``+``) stay so the shape is recognisable;
    values of four characters or fewer are hidden entirely. An e-mail keeps
    its first letter and its domain.
    """
    if "@" in value:
        local, _, domain = value.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(positions[-4:]) if len(positions) > 4 else set()
    return "".join("*" if ch.isalnum() and i not in keep else ch for i, ch in enumerate(value))


def _mask_number(value: str) -> str:
    # A trailing X is an ID's check letter only after seventeen digits; otherwise it is the
    # text's, and the number keeps its own last four digits.
    if value[-1] in "XxＸｘ" and sum(ch.isdigit() for ch in value) != _ID_DIGITS:
        return mask(value[:-1]) + value[-1]
    return mask(value)


def _mask_match(match: re.Match[str]) -> str:
    value = match.group(0)
    if match.lastgroup == "email":
        return mask(value)
    if match.lastgroup == "reference":
        return _LONG_RUN.sub(lambda run: _mask_number(run.group(0)), value)
    return _mask_number(value)


def mask_text(text: str) -> str:
    """``text`` with every phone number, ID and e-mail address in it masked to its last four characters."""
    return _PERSONAL.sub(_mask_match, text)

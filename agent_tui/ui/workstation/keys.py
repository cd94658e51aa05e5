"""The workstation's keys: one table, words from the catalog, remapped from config.yaml.

Every binding has an id and a tooltip; ``keys:`` in config.yaml maps an id
to another key (``next_case: f12``) and the app applies it with
``App.set_keymap``. The footer, its tooltips and the F1 help all read these
tables, so what the agent sees is what the keys do. A screen declares its
table as ``KEYS`` and is built through :func:`localized`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_tui.ui.common.keyspec import KeySpec, known_key, localized, shown
from agent_tui.yaml_lines import did_you_mean

if TYPE_CHECKING:
    from agent_tui.config import Config
    from agent_tui.service.views import CallView

__all__ = [
    "ALL_KEYS",
    "APP_KEYS",
    "CALLBACK_KEYS",
    "DESK_KEYS",
    "DIALOG_KEYS",
    "HELP_KEYS",
    "KEY_IDS",
    "NEED_THE_DESK",
    "NUMBER_KEYS",
    "OUTCOME_KEYS",
    "QUIT_KEYS",
    "REFUSAL_KEYS",
    "SAVED_AT_ONCE",
    "SEARCH_KEYS",
    "VERIFY_KEYS",
    "WORDING_KEYS",
    "KeySpec",
    "keymap_problems",
    "localized",
    "shown",
    "usable_now",
]


#: One key per outcome: each ends the call and puts its outcome in the note. The attempts that need no
#: words (nobody answered, the line was busy, a machine, a wrong number) are saved at once, and the next
#: case opens; the others put the cursor where the note needs the agent (a promise comes filled from the
#: offer picked). Shift and an F-key: the desk's own F-keys, one row, reachable without looking. They have a
#: line of their own above the footer while a call waits for its note (:mod:`.widgets.outcome_bar`).
OUTCOME_KEYS = (
    KeySpec("outcome_no_answer", "shift+f1", "close_call('no_answer')", show=False),
    KeySpec("outcome_busy", "shift+f2", "close_call('busy')", show=False),
    KeySpec("outcome_voicemail", "shift+f3", "close_call('voicemail')", show=False),
    KeySpec("outcome_wrong_number", "shift+f4", "close_call('wrong_number')", show=False),
    KeySpec("outcome_hung_up", "shift+f5", "close_call('hung_up')", show=False),
    KeySpec("outcome_third_party", "shift+f6", "close_call('third_party')", show=False),
    KeySpec("outcome_callback", "shift+f7", "close_call('callback')", show=False),
    KeySpec("outcome_promise", "shift+f8", "close_call('promise_to_pay')", show=False),
)

#: The outcomes whose key saves the attempt at once: nobody to speak with, so nothing to write.
SAVED_AT_ONCE = frozenset({"no_answer", "busy", "voicemail", "wrong_number"})

#: The call flow, in the order the footer and the help list it.
DESK_KEYS = (
    KeySpec("help", "f1", "help"),
    KeySpec("next_case", "f2", "next_case"),
    KeySpec("dial", "f3", "dial"),
    KeySpec("identity_verified", "f4", "verify_identity"),
    KeySpec("end_call", "f5", "end_call"),
    KeySpec("note", "f6", "focus_note"),
    KeySpec("listening", "f7", "show_section('listening')"),
    KeySpec("offers", "f8", "show_section('offers')"),
    KeySpec("objections", "f9", "show_section('objections')"),
    KeySpec("save_note", "ctrl+s", "save_note"),
    KeySpec("search", "slash", "search", priority=False),
    KeySpec("callbacks", "ctrl+t", "callbacks"),
    KeySpec("next_pane", "ctrl+o", "next_pane", show=False),  # the pane line shows it
    KeySpec("reveal_id", "ctrl+r", "reveal_id", show=False),
    KeySpec("amend_note", "ctrl+n", "amend_note", show=False),
    KeySpec("first_call", "ctrl+f", "show_section('first_call')", show=False),
    *OUTCOME_KEYS,
)

APP_KEYS = (
    KeySpec("quit", "ctrl+q", "quit"),
    # Ctrl+C copies in a field; anywhere else it only says which key quits.
    KeySpec("how_to_quit", "ctrl+c", "help_quit", show=False, system=True),
)

#: The dialogs' keys: each dialog shows its own in its footer.
HELP_KEYS = (KeySpec("close", "escape,f1,q", "dismiss"),)
REFUSAL_KEYS = (KeySpec("back", "escape,enter,space", "dismiss"),)
SEARCH_KEYS = (KeySpec("back", "escape", "dismiss"),)
VERIFY_KEYS = (
    KeySpec("confirm", "enter", "confirm"),
    KeySpec("not_debtor", "n", "not_debtor", priority=False),
    KeySpec("back", "escape", "dismiss"),
)
#: Ctrl+Q with a call or a note not saved: leave anyway, or stay (Ctrl+Q again also leaves).
QUIT_KEYS = (
    KeySpec("leave", "enter", "leave"),
    KeySpec("stay", "escape", "dismiss"),
)
#: Ctrl+T, my callbacks today: Enter opens the case (the list takes it), Escape goes back.
CALLBACK_KEYS = (
    KeySpec("open_case", "enter", "open_highlighted", priority=False),
    KeySpec("back", "escape", "dismiss"),
)
#: F3 with more than one number: Enter dials the highlighted one.
NUMBER_KEYS = (
    KeySpec("dial_this", "enter", "choose", priority=False),
    KeySpec("back", "escape", "dismiss"),
)
#: Ctrl+S on a note the wording checker flags: Ctrl+S again saves it anyway (flagged for the lead), Escape
#: goes back to the note to change it.
WORDING_KEYS = (
    KeySpec("save_anyway", "ctrl+s", "save_anyway"),
    KeySpec("change_note", "escape", "dismiss"),
)
DIALOG_KEYS = (HELP_KEYS + REFUSAL_KEYS + SEARCH_KEYS + VERIFY_KEYS + QUIT_KEYS + NUMBER_KEYS + CALLBACK_KEYS
               + WORDING_KEYS)

#: What F1 lists: the desk's keys and the app's (not the system key, which only says how to quit).
ALL_KEYS = DESK_KEYS + APP_KEYS[:1]
KEY_IDS = tuple(dict.fromkeys(spec.id for spec in DESK_KEYS + APP_KEYS + DIALOG_KEYS))

#: Actions that ask the workstation's service, so do nothing before the desk has opened it.
NEED_THE_DESK = frozenset({"next_case", "search", "callbacks"})


def keymap_problems(config: Config) -> list[str]:
    """config.yaml's ``keys:`` checked against the screens, one ``PATH:LINE: keys.id: …`` line a problem.

    An id neither the workstation nor the review has, a key Textual does not
    know (a binding to it would never fire), and a key bound twice among the
    desk's and the app's keys, which work on the same screen (each dialog has
    few keys and its own screen). The review checks the same table, so one
    config.yaml is refused the same way by both.
    """
    from agent_tui.ui.review.keys import KEY_IDS as REVIEW_KEY_IDS

    keys = config.keys
    review_ids = tuple(f"review.{name}" for name in REVIEW_KEY_IDS)
    problems = []
    for name, key in keys.items():
        where = f"{config.key_line(name)}: keys.{name}"
        if name not in KEY_IDS and name.removeprefix("review.") not in REVIEW_KEY_IDS:
            hint = did_you_mean(name, KEY_IDS + REVIEW_KEY_IDS + review_ids)
            problems.append(f"{where}: expected a binding id, as F1 lists them{hint}, found unknown id {name!r}")
        unknown = [one.strip() for one in key.split(",") if not known_key(one.strip())]
        if unknown:
            hint = f" (did you mean {unknown[0].lower()!r}?)" if known_key(unknown[0].lower()) else ""
            problems.append(
                f"{where}: expected a key such as f12, ctrl+s, shift+tab, escape or slash{hint}, found {unknown[0]!r}")
    chosen = {spec.id: keys.get(spec.id, spec.key) for spec in DESK_KEYS + APP_KEYS}
    seen: dict[str, str] = {}
    for name, key in chosen.items():
        for one in key.split(","):
            one = one.strip()
            if one in seen:
                where = f"{config.key_line(name)}: keys.{name}"
                problems.append(f"{where}: expected a key of its own, found {one!r} (also {seen[one]})")
            seen[one] = name
    return problems


def usable_now(action: str, opened: bool, case_open: bool, call: CallView | None) -> bool:
    """Whether a key's action can work now (the footer dims the others).

    ``opened``: the desk has opened the workstation's service; until then the
    keys that ask it do nothing.
    """
    if action in NEED_THE_DESK and not opened:
        return False
    on_call = call is not None and call.ended_at is None
    settled_who = call is not None and (call.identity_verified or call.third_party)
    return {
        "dial": case_open and call is None,  # one call, one note: a dialled call is noted before the next
        "verify_identity": on_call and not settled_who,
        "end_call": on_call,
        "next_case": call is None,  # a dialled call needs its note first
        "search": call is None,
        "callbacks": call is None,
        "save_note": case_open,
        "focus_note": case_open,
        "show_section": case_open,
        "reveal_id": case_open,
        "amend_note": case_open and call is None,
        "close_call": case_open and call is not None,  # dialled, its note not saved yet
    }.get(action, True)

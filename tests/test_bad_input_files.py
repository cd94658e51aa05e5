"""Bad input in config.yaml and the call scripts: a message with file and line, never a crash."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.cli import main
from agent_tui.config import Config, ConfigError, parse_config
from agent_tui.domain.scripts import ScriptError
from agent_tui.script_files import parse_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "150"))
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): \S.*: expected .+, found .*$", re.S)

CONFIG_TEXT = (ROOT / "config.yaml").read_text(encoding="utf-8")
SCRIPT_TEXT = (ROOT / "scripts" / "en.yaml").read_text(encoding="utf-8")

# Text with the characters that break YAML and terminals: CJK, emoji, controls, RTL marks.
nasty = st.lists(
    st.sampled_from([*"abc:-[]{}'\"#&*!|>%@`,? \t\\", "催收", "🙂", "\u202e", "\x00", "\x1b", "~", "key: "]),
    max_size=40,
).map("".join)


def mutate(text: str, data) -> str:
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        if action == "replace":
            lines[i] = data.draw(nasty)
        elif action == "insert":
            lines.insert(i, data.draw(nasty))
        elif action == "delete" and len(lines) > 1:
            del lines[i]
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
    return "\n".join(lines) + "\n"


def assert_problems(problems: list[str], path: str, text: str) -> None:
    assert problems
    last_line = text.count("\n") + 2
    for line in problems:
        match = PROBLEM.match(line)
        assert match, line
        assert match["path"] == path
        assert 1 <= int(match["line"]) <= last_line, line


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_config_is_either_valid_or_refused_with_lines(data):
    text = mutate(CONFIG_TEXT, data)
    try:
        config = parse_config(text, "config.yaml")
    except ConfigError as exc:
        assert_problems(exc.problems, "config.yaml", text)
    else:
        assert isinstance(config, Config)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_script_is_either_valid_or_refused_with_lines(data):
    text = mutate(SCRIPT_TEXT, data)
    try:
        parse_script(text, "en.yaml")
    except ScriptError as exc:
        assert_problems(exc.problems, "en.yaml", text)


def test_a_script_with_an_unknown_placeholder_stops_start_up(tmp_path, capsys):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    for name in ("en.yaml", "zh-CN.yaml"):
        (scripts / name).write_text((ROOT / "scripts" / name).read_text(encoding="utf-8"), encoding="utf-8")
    shipped = (scripts / "en.yaml").read_text(encoding="utf-8")
    broken = shipped.replace("{debtor_name}, please?", "{debtor_nickname}, please?", 1)
    (scripts / "en.yaml").write_text(broken, encoding="utf-8")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "{debtor_nickname}" in text)
    problems = []
    try:
        parse_script(broken, str(scripts / "en.yaml"))
    except ScriptError as exc:
        problems = exc.problems
    # The line named is the entry's (a folded text starts a line or two above the word).
    named = [int(p.split(":")[1]) for p in problems if "debtor_nickname" in p and p.startswith(str(scripts))]
    assert named and line - 3 <= named[0] <= line


def test_binary_garbage_as_config_is_refused_with_exit_2(tmp_path, capsys):
    config = tmp_path / "config.yaml"
    config.write_bytes(b"\xff\xfe\x00garbage\x00")
    assert main(["--config", str(config), "db", "version"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config}:1:") and "Traceback" not in err

"""The one YAML reader: values as written, each with its line; problems as `PATH:LINE: key: …`."""

from __future__ import annotations

import pytest

from agent_tui.yaml_lines import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Map,
    Problems,
    Scalar,
    Seq,
    YamlProblems,
    did_you_mean,
    found,
    parse,
    read_file,
)

TEXT = """\
name: Wang
start: 9:00
quoted: '15'
count: 15
flags:
  - yes
  - ~
nested:
  deep: x
name: again
"""


def test_values_keep_their_text_line_quoting_and_type():
    root = parse(TEXT, "f.yaml")
    assert isinstance(root, Map) and root.line == 1
    assert [(e.key, e.line) for e in root.entries] == [
        ("name", 1), ("start", 2), ("quoted", 3), ("count", 4), ("flags", 5), ("nested", 8), ("name", 10)]
    start = root.get("start")
    assert start is not None and isinstance(start.value, Scalar)
    assert start.value.text == "9:00" and start.value.plain  # not YAML 1.1's 540
    quoted, count = root.get("quoted"), root.get("count")
    assert quoted is not None and count is not None
    assert isinstance(quoted.value, Scalar) and not quoted.value.plain and quoted.value.is_text
    assert isinstance(count.value, Scalar) and count.value.plain and not count.value.is_text
    flags = root.get("flags")
    assert flags is not None and isinstance(flags.value, Seq)
    assert [(item.text, item.line) for item in flags.value.items if isinstance(item, Scalar)] == [("yes", 6), ("~", 7)]
    name = root.get("name")
    assert name is not None and isinstance(name.value, Scalar) and name.value.text == "Wang"  # the first


def test_entries_by_name_refuse_a_repeated_key_at_its_line():
    root = parse(TEXT, "f.yaml")
    problems = Problems("f.yaml")
    entries = problems.entries(root, "")
    assert list(entries) == ["name", "start", "quoted", "count", "flags", "nested"]
    assert problems.lines == ["f.yaml:10: name: expected each key once, found it again"]
    nested = entries["nested"].value
    assert problems.entries(nested, "nested")["deep"].line == 9
    assert problems.entries(entries["flags"].value, "flags") == {}
    assert problems.lines[-1] == "f.yaml:6: flags: expected a mapping, found a list"  # where the list starts


def test_empty_documents_and_what_a_problem_says_it_found():
    assert parse("", "f.yaml") is None
    assert parse("# only a comment\n", "f.yaml") is None
    root = parse("a: ''\nb: [1]\nc: {}\nd: x\n", "f.yaml")
    assert isinstance(root, Map)
    assert [found(e.value) for e in root.entries] == ["nothing", "a list", "a mapping", "'x'"]
    assert did_you_mean("langauge", ["language", "currency"]) == " (did you mean 'language'?)"
    assert did_you_mean("zzz", ["language"]) == ""


def test_an_alias_is_read_once_and_one_inside_itself_is_refused():
    root = parse("base: &b {x: 1}\ncopy: *b\n", "f.yaml")
    assert isinstance(root, Map)
    base, copy = root.get("base"), root.get("copy")
    assert base is not None and copy is not None and base.value is copy.value
    with pytest.raises(YamlProblems) as caught:
        parse("a: &a [*a]\n", "f.yaml")
    assert caught.value.problems[0].startswith("f.yaml:1: (YAML): expected well-formed YAML, found")


def test_malformed_yaml_and_unreadable_files_name_file_and_line(tmp_path):
    with pytest.raises(YamlProblems) as caught:
        parse("a: 1\nb: [unclosed\n", "f.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith("f.yaml:") and ": (YAML): expected well-formed YAML, found " in problem
    with pytest.raises(YamlProblems) as caught:
        read_file(tmp_path / "none.yaml", "a call script")
    assert caught.value.problems == [f"{tmp_path / 'none.yaml'}:1: (file): expected a call script, found no such file"]
    (tmp_path / "bad.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(YamlProblems) as caught:
        read_file(tmp_path / "bad.yaml", "a call script")
    assert "expected a readable UTF-8 file" in caught.value.problems[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES)
    with pytest.raises(YamlProblems) as caught:
        read_file(big, "a call script")
    assert caught.value.problems == [
        f"{big}:1: (file): expected at most 1,048,576 bytes, found {MAX_FILE_BYTES + 3:,} bytes"]
    small = tmp_path / "small.yaml"
    small.write_text("a: 1\n")
    assert read_file(small, "a call script", limit=5) == "a: 1\n"
    with pytest.raises(YamlProblems):
        read_file(small, "a call script", limit=4)
    with pytest.raises(YamlProblems) as caught:
        parse("a: " + "x" * MAX_FILE_BYTES, "f.yaml")
    assert caught.value.problems == ["f.yaml:1: (file): expected at most 1,048,576 bytes, found more"]


@pytest.mark.parametrize("text", [
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # within libyaml's own limit
    "a: " + "[" * 5000 + "]" * 5000,  # beyond it: read again by the Python parser, which recursed until it failed
    "".join(" " * i + f"k{i}:\n" for i in range(1200)),  # block style
], ids=["flow", "deeper-than-libyaml", "block"])
def test_nesting_beyond_the_limit_is_named_not_a_recursion_error(text):
    with pytest.raises(YamlProblems) as caught:
        parse(text, "f.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith("f.yaml:") and problem.endswith(
        f": (YAML): expected at most {MAX_DEPTH} levels of nesting, found more")
    assert parse("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "f.yaml") is not None


def test_aliases_that_multiply_are_counted_each_time_they_are_used():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]  # 10**9 values
    with pytest.raises(YamlProblems) as caught:
        parse("\n".join(lines) + "\n", "f.yaml")
    assert caught.value.problems == [
        "f.yaml:5: (YAML): expected at most 100,000 values (an alias counts each time it is used), found more"]
    assert parse("\n".join(lines[:4]) + "\n", "f.yaml") is not None  # 10,000 values: fine

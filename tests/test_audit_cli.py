"""`agent-tui audit keygen|checkpoint|verify` as the administrator uses them: key files, config.yaml, languages."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from agent_tui.cli import main
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit import append_event


@pytest.fixture
def url(tmp_path):
    """A SQLite database with three events."""
    db = use_database(open_database(f"sqlite:///{tmp_path / 'floor.db'}"))
    init_db(db)
    with db.atomic():
        for n in range(3):
            append_event("A001", "export", f"debtor:{n}", {"rows": n})
    db.close()
    return f"sqlite:///{tmp_path / 'floor.db'}"


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_keygen_writes_a_private_key_for_its_owner_only_and_never_replaces_one(tmp_path, capsys):
    key = tmp_path / "admin" / "audit.key"
    code, out = run(capsys, "audit", "keygen", "--key", str(key))
    assert code == 0 and "audit.public_key" in out and f"{key}.pub" in out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert (tmp_path / "admin" / "audit.key.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    before = key.read_bytes()
    code, out = run(capsys, "audit", "keygen", "--key", str(key))
    assert code == 2 and "exists already" in out and key.read_bytes() == before
    code, out = run(capsys, "audit", "keygen")
    assert code == 2 and "--key FILE" in out


def test_checkpoint_refuses_a_key_others_can_read_or_one_that_is_not_a_key(url, tmp_path, capsys):
    key = tmp_path / "audit.key"
    assert main(["audit", "keygen", "--key", str(key)]) == 0
    os.chmod(key, 0o644)
    code, out = run(capsys, "audit", "checkpoint", "--db", url, "--key", str(key), "--checkpoints", "cp")
    assert code == 2 and "chmod 600" in out
    os.chmod(key, 0o600)
    code, out = run(capsys, "audit", "checkpoint", "--db", url, "--key", f"{key}.pub", "--checkpoints", "cp")
    assert code == 2 and "not an Ed25519 private key" in out  # the public half given by mistake
    code, out = run(capsys, "audit", "checkpoint", "--db", url, "--key", str(key))
    assert code == 2 and "audit.checkpoints_dir" in out
    assert not (tmp_path / "cp").exists()


def test_config_names_the_folder_and_the_public_key(url, tmp_path, capsys):
    """Paths in config.yaml are relative to its folder; the checkpoint job's key must match the public one."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.yaml").write_text("audit:\n  public_key: keys/audit.key.pub\n  checkpoints_dir: checkpoints\n")
    config = str(site / "config.yaml")
    assert main(["audit", "keygen", "--key", str(site / "keys" / "audit.key")]) == 0
    assert main(["audit", "keygen", "--key", str(tmp_path / "stray.key")]) == 0
    stray = str(tmp_path / "stray.key")
    code, out = run(capsys, "--config", config, "audit", "checkpoint", "--db", url, "--key", stray)
    assert code == 2 and "nothing signed" in out
    code, out = run(capsys, "--config", config, "audit", "checkpoint", "--db", url,
                    "--key", str(site / "keys" / "audit.key"))
    assert code == 0 and "event #3" in out
    assert len(list((site / "checkpoints").glob("checkpoint-000000000003-*.json"))) == 1
    code, out = run(capsys, "--config", config, "audit", "verify", "--db", url)
    assert code == 0 and "every signed checkpoint (1)" in out
    (site / "config.yaml").write_text("audit:\n  checkpoints_dir: checkpoints\n")
    code, out = run(capsys, "--config", config, "audit", "verify", "--db", url)
    assert code == 2 and "audit.public_key" in out


def test_the_findings_speak_chinese(url, tmp_path, capsys):
    key = tmp_path / "audit.key"
    assert main(["audit", "keygen", "--key", str(key)]) == 0
    assert main(["audit", "checkpoint", "--db", url, "--key", str(key), "--checkpoints", str(tmp_path / "cp")]) == 0
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    con.execute('DROP TRIGGER "audit_event_no_delete"')
    con.execute("DELETE FROM audit_event WHERE seq = 3")
    con.commit()
    con.close()
    config = tmp_path / "zh.yaml"
    config.write_text("language: zh-CN\n")
    code, out = run(capsys, "--config", str(config), "audit", "verify", "--db", url,
                    "--checkpoints", str(tmp_path / "cp"), "--public-key", f"{key}.pub")
    assert code == 1 and "审计链被截短：末尾有 1 条事件被删除" in out
    code, out = run(capsys, "--config", str(config), "audit", "verify", "--db", url)
    assert code == 0 and "没有签名检查点，无法证明" in out

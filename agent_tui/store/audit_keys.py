"""The key that signs the audit chain's checkpoints: made once, kept by the administrator.

An Ed25519 key pair (pyca ``cryptography``): the private half signs
checkpoints and never goes near the database, so whoever can write the
database cannot sign a chain they rewrote; the public half checks them. Both
are PEM files; the private one is created readable by its owner only, and
neither is ever overwritten.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from agent_tui.i18n import Msg


class AuditKeyError(Exception):
    """A key file that cannot be written or used; ``msg`` says which and why."""

    def __init__(self, key: str, **params: object):
        self.msg = Msg(f"audit.key.{key}", params)
        super().__init__(key)

    def __str__(self) -> str:
        return self.msg.render()


def public_path(private: Path) -> Path:
    """Where ``keygen`` puts the public half of the key at ``private``: beside it, ending in ``.pub``."""
    return private.with_name(private.name + ".pub")


def key_id(public: Ed25519PublicKey) -> str:
    """A short name of a public key: the first 16 hex digits of the SHA-256 of its raw bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def generate_key(private: Path) -> tuple[Path, str]:
    """Write a new key pair: ``private`` (mode 0600) and its ``.pub``; the public path and key id.

    Refuses when either file exists: a checkpoint key replaced by mistake would
    make every checkpoint signed so far unverifiable.
    """
    public = public_path(private)
    for path in (private, public):
        if path.exists():
            raise AuditKeyError("exists", path=str(path))
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        private.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_new(private, private_pem, 0o600)
        _write_new(public, public_pem, 0o644)
    except FileExistsError as error:
        raise AuditKeyError("exists", path=str(error.filename)) from None
    except OSError as error:
        raise AuditKeyError("cannot_write", path=str(error.filename or private), reason=error.strerror) from None
    return public, key_id(key.public_key())


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AuditKeyError("missing", path=str(path)) from None
    except OSError as error:
        raise AuditKeyError("unreadable", path=str(path), reason=error.strerror) from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The private key at ``path``; refused if others may read the file (as ssh refuses one)."""
    data = _read(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise AuditKeyError("not_private", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError("not_private", path=str(path))
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        raise AuditKeyError("too_open", path=str(path), mode=oct(mode))
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The public key at ``path``."""
    data = _read(path)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise AuditKeyError("not_public", path=str(path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError("not_public", path=str(path))
    return key

"""The query parameters a database URL may carry, named when one is not among them.

A parameter of the URL is passed to the driver as a keyword: one it does not
know stopped SQLite with a ``TypeError`` traceback and reached PostgreSQL as a
connection option libpq refuses. Both config.yaml's check (with its file and
line) and the store's opening of a ``--db`` URL read these lists, so this
module imports nothing heavier than ``urllib``.
"""

from __future__ import annotations

import difflib
from urllib.parse import parse_qsl, urlparse

#: What a SQLite URL may add: the keywords of ``sqlite3.connect`` that leave the store's own set-up alone
#: (the timeout, isolation level and URI form are the store's).
SQLITE_PARAMETERS = frozenset({"check_same_thread", "cached_statements"})

#: libpq's connection parameters (PostgreSQL 17), but for those the URL's own parts say.
POSTGRES_PARAMETERS = frozenset({
    "application_name", "channel_binding", "client_encoding", "connect_timeout", "fallback_application_name",
    "gssdelegation", "gssencmode", "gsslib", "hostaddr", "keepalives", "keepalives_count", "keepalives_idle",
    "keepalives_interval", "krbsrvname", "load_balance_hosts", "options", "passfile", "replication",
    "require_auth", "requirepeer", "requiressl", "service", "ssl_max_protocol_version",
    "ssl_min_protocol_version", "sslcert", "sslcertmode", "sslcompression", "sslcrl", "sslcrldir", "sslkey",
    "sslnegotiation", "sslpassword", "sslrootcert", "sslmode", "sslsni", "target_session_attrs",
    "tcp_user_timeout",
})


def known_parameters(scheme: str) -> frozenset[str]:
    """The query parameters a URL of ``scheme`` may carry (none for a scheme not supported)."""
    scheme = scheme.lower()
    if scheme == "sqlite":
        return SQLITE_PARAMETERS
    if scheme in ("postgres", "postgresql") or scheme.startswith(("postgres+", "postgresql+")):
        return POSTGRES_PARAMETERS
    return frozenset()


def unknown_parameter(url: str) -> tuple[str, str] | None:
    """The first query parameter of ``url`` its database does not know, and the known one closest to it
    (empty when none is close); None when every parameter is known."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return None  # not a URL at all: the caller says so
    known = known_parameters(parsed.scheme)
    for name, _ in parse_qsl(parsed.query, keep_blank_values=True):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            return name, close[0] if close else ""
    return None

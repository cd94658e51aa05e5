"""Conduct rules as code (placeholder until the compliance gate lands)."""

from __future__ import annotations

PROFILES = ("cn", "us-regf")


def settings_problems(settings) -> list[tuple[str, str]]:
    """Problems with the compliance section of config.yaml."""
    if settings.profile not in PROFILES:
        return [("profile", f"one of {', '.join(PROFILES)}")]
    return []

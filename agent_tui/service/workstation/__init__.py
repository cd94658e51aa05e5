"""The agent workstation's service, split by use case (see :mod:`.station`)."""

from agent_tui.service.workstation.station import PAGE_CACHE_KIB, Workstation, open_workstation, utc_now

__all__ = ["PAGE_CACHE_KIB", "Workstation", "open_workstation", "utc_now"]

"""agent-tui's tests, one package: helpers are imported as ``tests.<area>.<module>``."""

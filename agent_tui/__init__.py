"""agent-tui: a terminal workstation for debt-collection call agents."""

__version__ = "0.1.0"

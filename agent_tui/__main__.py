"""`python -m agent_tui` runs the same command line as `agent-tui`."""

from agent_tui.cli import main

raise SystemExit(main())

"""Use cases for the agent workstation and the lead review, one method each."""

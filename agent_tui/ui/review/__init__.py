"""The team lead's review app: notes browser, a note with its case, team dashboard, export.

Built by :func:`agent_tui.ui.review.app.make_review_app`; the same app runs in
a terminal (``agent-tui review``) and in a browser (``agent-tui serve``).
"""

"""agent-tui's benchmark suite: each figure measured beside the floor it is judged against.

``python bench/run.py`` runs them all and prints one table (see run.py);
each other module measures one figure. Nothing here is a test: CI runs the
quick suite only to prove it still works, never to judge its times.
"""

"""Persistence: Peewee models, database open, migrations, import/export, demo data."""

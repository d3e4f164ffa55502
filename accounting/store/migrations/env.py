"""Alembic's environment for the store: migrations run on the connection the store hands over
(:func:`accounting.store.migrate.upgrade`), inside its transaction; SQLite alters tables in batch mode."""

from alembic import context

import accounting.store.accounts  # noqa: F401  (the portal's tables, on the same metadata)
from accounting.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

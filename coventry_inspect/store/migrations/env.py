"""Alembic environment: runs on the connection (and transaction) the application hands it."""

from alembic import context

from coventry_inspect.store.models import Base
from coventry_inspect.store.search_index import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()

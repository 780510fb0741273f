"""Alembic environment: runs the migrations against the store named by MCU_DATABASE_URL (or -x url=...)."""
from alembic import context
from alembic.ddl.impl import DefaultImpl
from sqlalchemy import create_engine

from data_access.store.engine import resolve_url
from data_access.store.schema import metadata


class DuckDBImpl(DefaultImpl):
    """Alembic knows no DuckDB dialect of its own; the generic implementation fits it."""

    __dialect__ = "duckdb"
    transactional_ddl = True


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or resolve_url()
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()

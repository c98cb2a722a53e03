from alembic import context

from sferum_desk.db.models import Base

# A lock number of our own: two PCs starting a new version at once migrate one after the other.
MIGRATION_LOCK = 0x5FE2_0D35

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic revision --autogenerate` from a developer's shell
    from sqlalchemy import create_engine
    engine = create_engine(config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    if connection.dialect.name == "sqlite":
        # pysqlite runs DDL outside any transaction: open one ourselves, so that every step
        # and the version stamp commit together or not at all (migrations.upgrade).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True)
    context.run_migrations()
    if connection.dialect.name == "sqlite" and connection.exec_driver_sql(
            "PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("a migration left rows pointing at missing rows")

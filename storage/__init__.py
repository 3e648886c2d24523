"""Communiqué's SQLite storage: schema, migrations, and small functions over each table (sqlite-utils).

Imports nothing from `bot/`: typed records (`storage.records`) go in and come out.
"""

from storage.db import DatabaseAccessError, InstanceLock, connect, from_iso, to_iso, transaction, utcnow

__all__ = ["DatabaseAccessError", "InstanceLock", "connect", "from_iso", "to_iso", "transaction", "utcnow"]

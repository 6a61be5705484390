package dev.parley.store;

/** The same on a SQLite file whose writes are one transaction each, group commit off. */
class SqliteSerialStoreTest extends SqliteStoreTest {
  @Override
  protected SqliteDatabase.Writes writes() {
    return SqliteDatabase.Writes.SERIAL;
  }
}

package dev.parley.core.store;

/**
 * The whole durable state of Parley. Adapters: SQLite (embedded) and PostgreSQL (cluster); both run
 * the same contract suite. Backend failures surface as {@link dev.parley.core.error.Unavailable}.
 */
public interface Store
    extends UserStore, SessionStore, ThreadStore, MessageStore, DeviceStore, AutoCloseable {

  /** True when the store answers a trivial query now. */
  boolean isReachable();

  @Override
  void close();
}

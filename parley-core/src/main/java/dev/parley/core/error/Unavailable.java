package dev.parley.core.error;

/** A backend the request needs is not reachable (503); the request left nothing behind. */
public final class Unavailable extends ParleyException {
  public Unavailable(String message, Throwable cause) {
    super("unavailable", message, cause);
  }
}

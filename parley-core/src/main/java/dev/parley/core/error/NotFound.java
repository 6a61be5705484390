package dev.parley.core.error;

/** The resource does not exist or is not visible to the caller (404). */
public final class NotFound extends ParleyException {
  public NotFound(String message) {
    super("not_found", message);
  }
}

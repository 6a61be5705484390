package dev.parley.core.error;

/** No valid credentials (401). */
public final class Unauthorized extends ParleyException {
  public Unauthorized(String message) {
    super("unauthorized", message);
  }
}

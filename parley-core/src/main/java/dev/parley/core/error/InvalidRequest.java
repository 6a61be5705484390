package dev.parley.core.error;

/** The request breaks a rule of the API (400). */
public final class InvalidRequest extends ParleyException {
  public InvalidRequest(String message) {
    super("invalid_request", message);
  }
}

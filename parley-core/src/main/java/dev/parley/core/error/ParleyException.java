package dev.parley.core.error;

/**
 * A domain error a client caused or must handle. Each subtype has one API code and status; the
 * server maps them in one place for REST and WebSocket alike.
 */
public abstract sealed class ParleyException extends RuntimeException
    permits InvalidRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PayloadTooLarge,
        RateLimited,
        Unavailable {

  private final String code;

  protected ParleyException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  protected ParleyException(String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  /** The snake_case code of API.md. */
  public String code() {
    return code;
  }
}

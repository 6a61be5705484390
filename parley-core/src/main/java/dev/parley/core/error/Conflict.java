package dev.parley.core.error;

/** The request conflicts with existing state (409), e.g. {@code username_taken}. */
public final class Conflict extends ParleyException {
  public Conflict(String code, String message) {
    super(code, message);
  }

  public static Conflict usernameTaken() {
    return new Conflict("username_taken", "that username is taken");
  }
}

package dev.parley.core.error;

/** A body or field is over its size limit (413). */
public final class PayloadTooLarge extends ParleyException {
  public PayloadTooLarge(String message) {
    super("payload_too_large", message);
  }
}

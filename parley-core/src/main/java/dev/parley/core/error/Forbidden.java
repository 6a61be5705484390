package dev.parley.core.error;

/** The caller may not do this (403). */
public final class Forbidden extends ParleyException {
  public Forbidden(String message) {
    super("forbidden", message);
  }
}

package dev.parley.core.account;

import dev.parley.core.error.InvalidRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/** What API.md allows for usernames, passwords and display names. */
final class AccountRules {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 1024;
  static final int MAX_DISPLAY_NAME = 64;

  private AccountRules() {}

  static String username(String raw) {
    if (raw == null) {
      throw new InvalidRequest("username is required");
    }
    String username = raw.toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(username).matches()) {
      throw new InvalidRequest("username must be 3 to 32 of a-z, 0-9, '_', '.', '-'");
    }
    return username;
  }

  static void password(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidRequest("password must be at least " + MIN_PASSWORD + " characters");
    }
    if (password.length() > MAX_PASSWORD) {
      throw new InvalidRequest("password must be at most " + MAX_PASSWORD + " characters");
    }
  }

  static String displayName(String raw, String username) {
    if (raw == null) {
      return username;
    }
    String name = raw.strip();
    if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME || hasControl(name)) {
      throw new InvalidRequest(
          "display_name must be 1 to " + MAX_DISPLAY_NAME + " characters, no control characters");
    }
    return name;
  }

  static String deviceName(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.length() > MAX_DISPLAY_NAME || hasControl(raw)) {
      throw new InvalidRequest("device_name must be at most " + MAX_DISPLAY_NAME + " characters");
    }
    return raw;
  }

  static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }
}

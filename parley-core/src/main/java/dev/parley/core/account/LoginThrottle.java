package dev.parley.core.account;

import dev.parley.core.limit.RateLimiter;
import java.util.Locale;

/**
 * Login attempts per client address and per username. Checked before the password, and for unknown
 * usernames as for known ones, so the answer never tells whether an account exists.
 */
public final class LoginThrottle {
  private final RateLimiter byAddress;
  private final RateLimiter byUsername;

  public LoginThrottle(RateLimiter byAddress, RateLimiter byUsername) {
    this.byAddress = byAddress;
    this.byUsername = byUsername;
  }

  /** No limits at all, for tools and tests that log in many times. */
  public static LoginThrottle none() {
    return new LoginThrottle(null, null);
  }

  void check(String clientAddress, String username) {
    if (byAddress != null && clientAddress != null) {
      byAddress.acquire(clientAddress);
    }
    if (byUsername != null) {
      byUsername.acquire(username.toLowerCase(Locale.ROOT));
    }
  }
}

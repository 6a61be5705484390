package dev.parley.core.account;

import dev.parley.core.port.TokenSource;
import java.security.SecureRandom;
import java.util.Base64;

/** 256 random bits from SecureRandom, base64url without padding (43 characters). */
public final class SecureTokens implements TokenSource {
  private final SecureRandom random = new SecureRandom();

  @Override
  public String next() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

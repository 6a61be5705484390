package dev.parley.push;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies with the server's secret: {@code X-Parley-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the raw body bytes. A receiver computes the same over the body it got and compares
 * in constant time ({@link #verify}) before trusting it.
 */
public final class WebhookSigner {

  public static final String HEADER = "X-Parley-Signature";

  /** The fewest bytes of secret accepted (as UTF-8): 16 bytes is 128 bits at best. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The value of the {@link #HEADER} header for {@code body}. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(body));
  }

  /** True when {@code header} is the signature of {@code body} (constant-time comparison). */
  public boolean verify(byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(body), given);
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner[secret hidden]";
  }
}

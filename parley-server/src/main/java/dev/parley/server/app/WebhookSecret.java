package dev.parley.server.app;

import dev.parley.server.config.PushSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that signs webhook bodies: the configured one, or else the one kept in {@code
 * <data-dir>/webhook-secret}, made (256 random bits, hex, readable by the owner only) the first
 * time a node starts there. Receivers copy it from that file to verify signatures.
 */
final class WebhookSecret {
  static final String FILE = "webhook-secret";

  private static final Logger log = LoggerFactory.getLogger(WebhookSecret.class);

  private WebhookSecret() {}

  static String resolve(PushSettings push, Path dataDir) {
    if (push.webhookSecret() != null) {
      return push.webhookSecret();
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (secret.getBytes(StandardCharsets.UTF_8).length < PushSettings.MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            file + " holds no usable webhook secret (at least 16 bytes): fix or delete it");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the webhook secret " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE, ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own protection applies
      }
      Files.writeString(temp, HexFormat.of().formatHex(random) + "\n");
      try {
        // Never replaces: a process that made the file first wins, and both then read its secret.
        Files.createLink(file, temp);
      } catch (UnsupportedOperationException e) {
        Files.move(temp, file);
      }
      log.info("generated the webhook signing secret in {}", file.toAbsolutePath().normalize());
    } catch (FileAlreadyExistsException e) {
      // made by another process meanwhile: use that one
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

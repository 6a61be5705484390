package dev.parley.push.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keys and certificates the push tests need, made fresh in a directory: a self-signed TLS
 * certificate for 127.0.0.1 and localhost (the mock APNs server's), an APNs .p8 signing key (P-256,
 * PKCS#8) with its public key, made with {@code openssl} as a developer would; and a Google service
 * account (RSA key in a JSON file) for the FCM token server.
 */
public final class PushTestKeys {
  public static final String TEAM_ID = "TEAM123456";
  public static final String KEY_ID = "KEY1234567";
  public static final String TOPIC = "dev.parley.app";
  public static final String CLIENT_EMAIL = "parley@parley-test.iam.gserviceaccount.com";

  private final Path dir;
  private final KeyPair serviceAccountKeys;

  private PushTestKeys(Path dir, KeyPair serviceAccountKeys) {
    this.dir = dir;
    this.serviceAccountKeys = serviceAccountKeys;
  }

  public static PushTestKeys create(Path dir) {
    try {
      Files.createDirectories(dir);
      openssl(
          dir,
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          "server-key.pem",
          "-out",
          "server-cert.pem",
          "-days",
          "2",
          "-subj",
          "/CN=localhost",
          "-addext",
          "subjectAltName=IP:127.0.0.1,DNS:localhost");
      openssl(
          dir,
          "genpkey",
          "-algorithm",
          "EC",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-out",
          "apns-key.p8");
      openssl(dir, "pkey", "-in", "apns-key.p8", "-pubout", "-out", "apns-key.pub");
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return new PushTestKeys(dir, rsa.generateKeyPair());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            "openssl " + args[0] + " failed: " + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The mock APNs server's certificate (PEM): what the client must trust. */
  public Path serverCertificate() {
    return dir.resolve("server-cert.pem");
  }

  /** The mock APNs server's private key (PKCS#8 PEM). */
  public Path serverKey() {
    return dir.resolve("server-key.pem");
  }

  /** The APNs token-signing key, as Apple hands out a .p8 file. */
  public Path apnsSigningKey() {
    return dir.resolve("apns-key.p8");
  }

  /** The public half of {@link #apnsSigningKey()}, with which the mock server checks the JWTs. */
  public Path apnsVerificationKey() {
    return dir.resolve("apns-key.pub");
  }

  public PublicKey serviceAccountPublicKey() {
    return serviceAccountKeys.getPublic();
  }

  /**
   * Writes a service-account JSON file as the Firebase console gives one, naming {@code tokenUri}.
   */
  public Path serviceAccountFile(String projectId, URI tokenUri) {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(serviceAccountKeys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("type", "service_account");
    json.put("project_id", projectId);
    json.put("private_key_id", "0123456789abcdef");
    json.put("private_key", pem);
    json.put("client_email", CLIENT_EMAIL);
    json.put("client_id", "123456789");
    json.put("token_uri", tokenUri.toString());
    Path file = dir.resolve("service-account-" + projectId + ".json");
    try {
      Files.writeString(file, json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}

package dev.parley.push.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Google: the OAuth2 token server ({@code POST /token}, which checks the
 * service account's signed JWT and hands out numbered access tokens) and the FCM HTTP v1 send
 * endpoint ({@code POST /v1/projects/{project}/messages:send}, which records each request and
 * answers as scripted per registration token; 200 by default).
 */
public final class MockFcm implements AutoCloseable {

  /** One send request as the server saw it. */
  public record Received(String path, String authorization, String contentType, JsonNode body) {

    public String token() {
      return body.path("message").path("token").asText();
    }
  }

  /** A scripted answer: status, JSON body, and a Retry-After header (null for none). */
  public record Answer(int status, String body, String retryAfter) {

    public static Answer error(int status, String rpcStatus, String fcmCode) {
      String details =
          fcmCode == null
              ? "[]"
              : "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                  + "\"errorCode\":\""
                  + fcmCode
                  + "\"}]";
      return new Answer(
          status,
          "{\"error\":{\"code\":"
              + status
              + ",\"message\":\"scripted\",\"status\":\""
              + rpcStatus
              + "\",\"details\":"
              + details
              + "}}",
          null);
    }

    public Answer retryAfter(String value) {
      return new Answer(status, body, value);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PublicKey serviceAccountKey;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final List<String> tokenErrors = new CopyOnWriteArrayList<>();
  private volatile int tokenStatus = 200;

  public MockFcm(PushTestKeys keys) {
    this.serviceAccountKey = keys.serviceAccountPublicKey();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(threads);
    server.createContext("/token", this::token);
    server.createContext("/v1/", this::send);
    server.start();
  }

  /** The FCM endpoint to configure: {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI tokenUri() {
    return endpoint().resolve("/token");
  }

  /** The access token the n-th token request (from 1) got. */
  public static String accessToken(int n) {
    return "ya29.parley-test-" + n;
  }

  public void answer(String registrationToken, Answer answer) {
    answers.put(registrationToken, answer);
  }

  /** What the token server answers from now on: 200 with a token, or this error status. */
  public void tokenStatus(int status) {
    tokenStatus = status;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** Why token requests were refused (a bad grant, a bad signature...), for assertions. */
  public List<String> tokenErrors() {
    return List.copyOf(tokenErrors);
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String problem = checkGrant(form);
      if (problem != null) {
        tokenErrors.add(problem);
        reply(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad\"}", null);
        return;
      }
      if (tokenStatus != 200) {
        reply(exchange, tokenStatus, "{\"error\":\"unavailable\"}", null);
        return;
      }
      int n = tokensIssued.incrementAndGet();
      reply(
          exchange,
          200,
          "{\"access_token\":\""
              + accessToken(n)
              + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}",
          null);
    }
  }

  /** Null when the grant is a JWT of the service account, signed by its key, for FCM's scope. */
  private String checkGrant(Map<String, String> form) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      return "grant_type " + form.get("grant_type");
    }
    String[] jwt = form.getOrDefault("assertion", "").split("\\.");
    if (jwt.length != 3) {
      return "assertion is not a JWT";
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(serviceAccountKey);
      rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
        return "bad signature";
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
      if (!PushTestKeys.CLIENT_EMAIL.equals(claims.path("iss").asText())) {
        return "iss " + claims.path("iss");
      }
      if (!claims.path("scope").asText().contains("firebase.messaging")) {
        return "scope " + claims.path("scope");
      }
      return null;
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      return e.toString();
    }
  }

  private void send(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      Received request =
          new Received(
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body);
      received.add(request);
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{}", null);
        return;
      }
      Answer answer = answers.get(request.token());
      if (answer == null) {
        String name = exchange.getRequestURI().getRawPath().replace(":send", "");
        reply(exchange, 200, "{\"name\":\"" + name.substring(4) + "/0:1\"}", null);
      } else {
        reply(exchange, answer.status(), answer.body(), answer.retryAfter());
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String body, String retryAfter)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

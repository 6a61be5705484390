package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountApiTest {
  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
    api = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void registerAnswersTheUserWithoutSecrets() {
    Answer a =
        api.post(
            "/api/v1/users",
            null,
            Map.of("username", "Ada_Lovelace", "password", "analytical", "display_name", "Ada"));
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.get("user").get("username").asText()).isEqualTo("ada_lovelace");
    assertThat(a.get("user").get("display_name").asText()).isEqualTo("Ada");
    assertThat(a.get("user").get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(a.text()).doesNotContain("analytical").doesNotContain("password");
  }

  @Test
  void usernamesAreUniqueCaseInsensitively() {
    api.post("/api/v1/users", null, Map.of("username", "grace", "password", "password1"));
    Answer again =
        api.post("/api/v1/users", null, Map.of("username", "GRACE", "password", "password1"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("username_taken");
  }

  @Test
  void badUsernamesAndShortPasswordsAreRefused() {
    for (String name : new String[] {"ab", "has space", "x".repeat(33), "émile", ""}) {
      Answer a = api.post("/api/v1/users", null, Map.of("username", name, "password", "password1"));
      assertThat(a.status()).as(name).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("invalid_request");
    }
    Answer shortPw =
        api.post("/api/v1/users", null, Map.of("username", "shorty", "password", "1234567"));
    assertThat(shortPw.status()).isEqualTo(400);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    TestUser u = api.newUser("linus");
    Answer wrong =
        api.post(
            "/api/v1/sessions", null, Map.of("username", u.username(), "password", "nope-nope"));
    Answer unknown =
        api.post(
            "/api/v1/sessions", null, Map.of("username", "nobody-here", "password", "nope-nope"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json()).isEqualTo(unknown.json());
  }

  @Test
  void eachLoginIsItsOwnDeviceSession() {
    TestUser u = api.newUser("multi");
    TestUser second = api.login(u.username(), "correct horse");
    assertThat(second.token()).isNotEqualTo(u.token());
    assertThat(u.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(second.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void logoutKillsOnlyThatTokenAtOnce() {
    TestUser u = api.newUser("bye");
    TestUser other = api.login(u.username(), "correct horse");
    assertThat(u.call("DELETE", "/api/v1/sessions/current", null).status()).isEqualTo(204);
    Answer after = u.get("/api/v1/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.errorCode()).isEqualTo("unauthorized");
    assertThat(other.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void meAndLookupByIdAndPrefix() {
    TestUser u = api.newUser("zed");
    assertThat(u.get("/api/v1/me").get("user").get("id").asText()).isEqualTo(u.id());
    assertThat(u.get("/api/v1/users/" + u.id()).get("user").get("username").asText())
        .isEqualTo(u.username());
    assertThat(u.get("/api/v1/users/nope").status()).isEqualTo(404);
    Answer search = u.get("/api/v1/users?q=ZE&limit=5");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.get("users"))
        .anySatisfy(n -> assertThat(n.get("id").asText()).isEqualTo(u.id()));
    assertThat(u.get("/api/v1/users?q=ze&limit=0").status()).isEqualTo(400);
    assertThat(u.get("/api/v1/users?q=ze&limit=201").status()).isEqualTo(400);
    assertThat(u.get("/api/v1/users?q=%25").get("users")).isEmpty();
  }

  @Test
  void missingOrMalformedTokensAre401() {
    assertThat(api.get("/api/v1/me", null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", "garbage").status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", "x".repeat(5000)).status()).isEqualTo(401);
  }
}

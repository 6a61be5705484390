package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint and WebSocket action of docs/API.md against every kind of caller, each row with
 * its exact expected answer: HTTP status and error code, or for WebSocket frames the answer frame.
 * A refused call must also leave the threads and devices it aimed at unchanged, and a refused
 * WebSocket action must deliver no event to the members.
 *
 * <p>The fixtures are built once: a group (owner, member, and a removed member who was in it and
 * was removed by the owner), a direct thread of owner and member, a stranger who shares nothing
 * with anyone ("another user's token"), an outsider who shares other threads with the owner and the
 * member but not these ("non-member"), and a session of the member that was logged out.
 */
class AuthorizationMatrixTest {
  private static final String PASSWORD = "correct horse";

  /** Who makes the call. */
  enum Caller {
    NO_TOKEN,
    MALFORMED_TOKEN,
    REVOKED_TOKEN,
    OTHER_USER,
    NON_MEMBER,
    REMOVED_MEMBER,
    MEMBER,
    OWNER;

    boolean authenticates() {
      return ordinal() >= OTHER_USER.ordinal();
    }

    boolean isMember() {
      return this == MEMBER || this == OWNER;
    }
  }

  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;
  static TestUser owner;
  static TestUser member;
  static TestUser removed;
  static TestUser stranger;
  static TestUser outsider;
  static TestUser spare;
  static String group;
  static String direct;
  static String memberDevice;
  static String revokedToken;
  static String malformedToken;
  static final AtomicInteger counter = new AtomicInteger();

  @BeforeAll
  static void fixtures() {
    server = new TestServer(dir);
    api = server.client();
    owner = api.newUser("owner");
    member = api.newUser("member");
    removed = api.newUser("removed");
    stranger = api.newUser("stranger");
    outsider = api.newUser("outsider");
    spare = api.newUser("spare");
    group = owner.group("matrix", member, removed);
    direct = owner.directWith(member);
    owner.send(group, "hello group");
    member.send(direct, "hello direct");
    Answer removal =
        owner.call("DELETE", "/api/v1/threads/" + group + "/members/" + removed.id(), null);
    assertThat(removal.status()).isEqualTo(204);
    // The outsider shares a direct thread with the owner and another group with both of them.
    outsider.directWith(owner);
    outsider.group("elsewhere", owner, member);
    memberDevice = device(member);
    TestUser memberLaptop = api.login(member.username(), PASSWORD);
    revokedToken = memberLaptop.token();
    assertThat(memberLaptop.call("DELETE", "/api/v1/sessions/current", null).status())
        .isEqualTo(204);
    // A real session's token, cut short: the right alphabet, the wrong length.
    malformedToken = member.token().substring(0, member.token().length() - 3);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  /** One row's context: the caller and what the row's setup prepared. */
  static final class Ctx {
    final Caller caller;
    String token;
    String thread;
    final Map<String, String> vars = new LinkedHashMap<>();

    Ctx(Caller caller) {
      this.caller = caller;
      this.token = tokenOf(caller);
    }

    /** The user behind the token; for the unauthenticated kinds, the member they claim to be. */
    TestUser user() {
      return switch (caller) {
        case NO_TOKEN, MALFORMED_TOKEN, REVOKED_TOKEN, MEMBER -> member;
        case OTHER_USER -> stranger;
        case NON_MEMBER -> outsider;
        case REMOVED_MEMBER -> removed;
        case OWNER -> owner;
      };
    }

    Answer call(String method, String path, Object body) {
      return api.call(method, path, token, body);
    }
  }

  /** An endpoint: its name, its expectation per caller, an optional setup, and the call. */
  record Endpoint(
      String name, Function<Caller, String> expected, Consumer<Ctx> setup, Probe probe) {}

  @FunctionalInterface
  interface Probe {
    String run(Ctx ctx) throws Exception;
  }

  static final String UNAUTHORIZED = "401 unauthorized";
  static final String NOT_FOUND = "404 not_found";

  /** No authentication needed: every caller gets {@code ok}. */
  static Function<Caller, String> open(String ok) {
    return c -> ok;
  }

  /** Any valid session. */
  static Function<Caller, String> authenticated(String ok) {
    return c -> c.authenticates() ? ok : UNAUTHORIZED;
  }

  /** Thread resources: members only; everyone else cannot tell that the thread exists. */
  static Function<Caller, String> members(String ok, String refused) {
    return c -> !c.authenticates() ? UNAUTHORIZED : c.isMember() ? ok : refused;
  }

  /** Removing another member: the owner only; a plain member is forbidden. */
  static Function<Caller, String> ownerOnly(String ok) {
    return c ->
        switch (c) {
          case NO_TOKEN, MALFORMED_TOKEN, REVOKED_TOKEN -> UNAUTHORIZED;
          case OTHER_USER, NON_MEMBER, REMOVED_MEMBER -> NOT_FOUND;
          case MEMBER -> "403 forbidden";
          case OWNER -> ok;
        };
  }

  /** The member's own device: nobody else may touch it, the owner of its threads included. */
  static Function<Caller, String> memberOwn(String ok) {
    return c -> !c.authenticates() ? UNAUTHORIZED : c == Caller.MEMBER ? ok : NOT_FOUND;
  }

  static final Consumer<Ctx> NO_SETUP = ctx -> {};

  static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    // Accounts and sessions
    e.add(
        new Endpoint(
            "POST /api/v1/users",
            open("201"),
            NO_SETUP,
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/users",
                        Map.of("username", "reg" + unique(), "password", PASSWORD)))));
    e.add(
        new Endpoint(
            "POST /api/v1/sessions",
            open("201"),
            NO_SETUP,
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/sessions",
                        Map.of("username", spare.username(), "password", PASSWORD)))));
    e.add(
        new Endpoint(
            "DELETE /api/v1/sessions/current",
            authenticated("204"),
            ctx -> {
              if (ctx.caller.authenticates()) {
                ctx.token = api.login(ctx.user().username(), PASSWORD).token();
              }
            },
            ctx -> {
              String result = outcome(ctx.call("DELETE", "/api/v1/sessions/current", null));
              if (result.equals("204")) {
                assertThat(outcome(ctx.call("GET", "/api/v1/me", null)))
                    .as("the logged-out token is dead at once")
                    .isEqualTo(UNAUTHORIZED);
              }
              return result;
            }));
    e.add(
        new Endpoint(
            "GET /api/v1/me",
            authenticated("200"),
            NO_SETUP,
            ctx -> {
              Answer a = ctx.call("GET", "/api/v1/me", null);
              if (a.status() == 200) {
                assertThat(a.get("user").get("id").asText()).isEqualTo(ctx.user().id());
              }
              return outcome(a);
            }));
    e.add(
        new Endpoint(
            "GET /api/v1/users/{id}",
            authenticated("200"),
            NO_SETUP,
            ctx -> outcome(ctx.call("GET", "/api/v1/users/" + owner.id(), null))));
    e.add(
        new Endpoint(
            "GET /api/v1/users?q=",
            authenticated("200"),
            NO_SETUP,
            ctx -> outcome(ctx.call("GET", "/api/v1/users?q=own&limit=5", null))));

    // Threads
    e.add(
        new Endpoint(
            "POST /api/v1/threads (direct)",
            authenticated("201"),
            ctx -> ctx.vars.put("partner", api.newUser("partner").id()),
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/threads",
                        Map.of(
                            "kind",
                            "direct",
                            "participant_ids",
                            List.of(ctx.vars.get("partner")))))));
    e.add(
        new Endpoint(
            "POST /api/v1/threads (group)",
            authenticated("201"),
            NO_SETUP,
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/threads",
                        Map.of(
                            "kind",
                            "group",
                            "title",
                            "new",
                            "participant_ids",
                            List.of(spare.id()))))));
    e.add(
        new Endpoint(
            "GET /api/v1/threads",
            authenticated("200"),
            NO_SETUP,
            ctx -> {
              Answer a = ctx.call("GET", "/api/v1/threads?limit=200", null);
              if (a.status() == 200) {
                List<String> ids = new ArrayList<>();
                a.get("threads").forEach(t -> ids.add(t.get("id").asText()));
                if (ctx.caller.isMember()) {
                  assertThat(ids).contains(group, direct);
                } else {
                  assertThat(ids)
                      .as("threads listed to a non-member")
                      .doesNotContain(group, direct);
                }
              }
              return outcome(a);
            }));
    for (boolean isGroup : new boolean[] {true, false}) {
      String t = isGroup ? "{group}" : "{direct}";
      Consumer<Ctx> on = ctx -> ctx.thread = isGroup ? group : direct;
      e.add(
          new Endpoint(
              "GET /api/v1/threads/" + t,
              members("200", NOT_FOUND),
              on,
              ctx -> outcome(ctx.call("GET", "/api/v1/threads/" + ctx.thread, null))));
      e.add(
          new Endpoint(
              "PATCH /api/v1/threads/" + t,
              members(isGroup ? "200" : "400 invalid_request", NOT_FOUND),
              on,
              ctx ->
                  outcome(
                      ctx.call(
                          "PATCH",
                          "/api/v1/threads/" + ctx.thread,
                          Map.of("title", "renamed " + unique())))));
      e.add(
          new Endpoint(
              "PATCH /api/v1/threads/" + t + "/settings",
              members("200", NOT_FOUND),
              on,
              ctx ->
                  outcome(
                      ctx.call(
                          "PATCH",
                          "/api/v1/threads/" + ctx.thread + "/settings",
                          Map.of("muted", false, "nickname", "nick")))));
      e.add(
          new Endpoint(
              "POST /api/v1/threads/" + t + "/read",
              members("204", NOT_FOUND),
              on,
              ctx ->
                  outcome(
                      ctx.call(
                          "POST",
                          "/api/v1/threads/" + ctx.thread + "/read",
                          Map.of("seq", 1_000_000)))));
      e.add(
          new Endpoint(
              "POST /api/v1/threads/" + t + "/messages",
              members("201", NOT_FOUND),
              on,
              ctx ->
                  outcome(
                      ctx.call(
                          "POST",
                          "/api/v1/threads/" + ctx.thread + "/messages",
                          Map.of("body", "matrix " + ctx.caller, "client_msg_id", unique())))));
      e.add(
          new Endpoint(
              "GET /api/v1/threads/" + t + "/messages",
              members("200", NOT_FOUND),
              on,
              ctx ->
                  outcome(
                      ctx.call(
                          "GET",
                          "/api/v1/threads/" + ctx.thread + "/messages?after_seq=0",
                          null))));
    }
    e.add(
        new Endpoint(
            "POST /api/v1/threads/{group}/members",
            members("200", NOT_FOUND),
            ctx -> ctx.vars.put("newcomer", api.newUser("newcomer").id()),
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/threads/" + group + "/members",
                        Map.of("user_ids", List.of(ctx.vars.get("newcomer")))))));
    e.add(
        new Endpoint(
            "DELETE /api/v1/threads/{group}/members/{another member}",
            ownerOnly("204"),
            ctx -> {
              Answer add =
                  owner.post(
                      "/api/v1/threads/" + group + "/members",
                      Map.of("user_ids", List.of(spare.id())));
              assertThat(add.status()).isEqualTo(200);
            },
            ctx -> {
              String result =
                  outcome(
                      ctx.call(
                          "DELETE", "/api/v1/threads/" + group + "/members/" + spare.id(), null));
              boolean stillIn = participants(owner.thread(group)).contains(spare.id());
              assertThat(stillIn)
                  .as("the target is still a member")
                  .isEqualTo(!result.equals("204"));
              return result;
            }));
    e.add(
        new Endpoint(
            "DELETE /api/v1/threads/{group}/members/{self} (leave)",
            members("204", NOT_FOUND),
            // A group of its own, as a leave changes it: owner, member, and a removed member.
            ctx -> {
              String fresh = owner.group("leave", member, removed);
              assertThat(
                      owner
                          .call(
                              "DELETE",
                              "/api/v1/threads/" + fresh + "/members/" + removed.id(),
                              null)
                          .status())
                  .isEqualTo(204);
              ctx.thread = fresh;
            },
            ctx ->
                outcome(
                    ctx.call(
                        "DELETE",
                        "/api/v1/threads/" + ctx.thread + "/members/" + ctx.user().id(),
                        null))));

    // Presence
    e.add(
        new Endpoint(
            "POST /api/v1/presence/heartbeat",
            authenticated("204"),
            NO_SETUP,
            ctx -> outcome(ctx.call("POST", "/api/v1/presence/heartbeat", null))));
    e.add(
        new Endpoint(
            "GET /api/v1/presence?user_ids=",
            authenticated("200"),
            NO_SETUP,
            ctx ->
                outcome(
                    ctx.call(
                        "GET",
                        "/api/v1/presence?user_ids=" + owner.id() + "," + member.id(),
                        null))));

    // Devices
    e.add(
        new Endpoint(
            "POST /api/v1/devices",
            authenticated("201"),
            NO_SETUP,
            ctx ->
                outcome(
                    ctx.call(
                        "POST",
                        "/api/v1/devices",
                        Map.of(
                            "platform",
                            "webhook",
                            "token",
                            "https://hooks.example/" + unique())))));
    e.add(
        new Endpoint(
            "GET /api/v1/devices",
            authenticated("200"),
            NO_SETUP,
            ctx -> {
              Answer a = ctx.call("GET", "/api/v1/devices", null);
              if (a.status() == 200 && ctx.caller != Caller.MEMBER) {
                assertThat(deviceIds(a)).as("another user's devices").doesNotContain(memberDevice);
              }
              return outcome(a);
            }));
    e.add(
        new Endpoint(
            "DELETE /api/v1/devices/{id of the member's device}",
            memberOwn("204"),
            ctx -> ctx.vars.put("device", device(member)),
            ctx -> {
              String id = ctx.vars.get("device");
              String result = outcome(ctx.call("DELETE", "/api/v1/devices/" + id, null));
              assertThat(deviceIds(member.get("/api/v1/devices")).contains(id))
                  .as("the device is still there")
                  .isEqualTo(!result.equals("204"));
              return result;
            }));

    // WebSocket
    e.add(
        new Endpoint(
            "GET /api/v1/ws (Authorization header)",
            authenticated("101"),
            NO_SETUP,
            ctx ->
                upgrade(
                    "/api/v1/ws", ctx.caller == Caller.NO_TOKEN ? null : "Bearer " + ctx.token)));
    e.add(
        new Endpoint(
            "GET /api/v1/ws?access_token=",
            authenticated("101"),
            NO_SETUP,
            ctx ->
                upgrade(
                    ctx.caller == Caller.NO_TOKEN
                        ? "/api/v1/ws"
                        : "/api/v1/ws?access_token=" + ctx.token,
                    null)));
    for (boolean isGroup : new boolean[] {true, false}) {
      String t = isGroup ? "{group}" : "{direct}";
      for (String action : List.of("send", "typing", "read")) {
        e.add(
            new Endpoint(
                "WS " + action + " " + t,
                members(action.equals("send") ? "ack" : "ok", "error not_found"),
                ctx -> {
                  ctx.thread = isGroup ? group : direct;
                  if (action.equals("read") && ctx.caller.isMember()) {
                    // Someone else writes first, so that the reader's pointer has somewhere to go.
                    (ctx.caller == Caller.OWNER ? member : owner).send(ctx.thread, "unread");
                  }
                },
                ctx -> wsAction(ctx, action)));
      }
    }
    return e;
  }

  static Stream<Arguments> matrix() {
    return endpoints().stream()
        .flatMap(
            ep ->
                Stream.of(Caller.values())
                    .map(c -> Arguments.of(ep.name(), c, ep.expected().apply(c), ep)));
  }

  @ParameterizedTest(name = "{0} as {1} -> {2}")
  @MethodSource("matrix")
  void everyEndpointAgainstEveryCaller(
      String name, Caller caller, String expected, Endpoint endpoint) throws Exception {
    Ctx ctx = new Ctx(caller);
    endpoint.setup().accept(ctx);
    // A refused call that could have written must leave no trace; GETs write nothing.
    boolean refused = expected.startsWith("4") || expected.startsWith("error");
    boolean check = refused && !name.startsWith("GET ");
    List<String> before = check ? state(ctx) : List.of();
    String actual = endpoint.probe().run(ctx);
    assertThat(actual).as("%s as %s", name, caller).isEqualTo(expected);
    if (check) {
      assertThat(state(ctx)).as("%s as %s left a trace", name, caller).isEqualTo(before);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Removal and revocation over time

  @Test
  void aRemovedMemberGetsNoFurtherEventsAndCannotReadHistory() {
    TestUser boss = api.newUser("boss");
    TestUser stays = api.newUser("stays");
    TestUser leaver = api.newUser("gone");
    String team = boss.group("team", stays, leaver);
    String side = boss.directWith(leaver);
    try (Inbox bossWs = new Inbox(boss);
        Inbox staysWs = new Inbox(stays);
        Inbox goneWs = new Inbox(leaver)) {
      boss.send(team, "before the removal");
      goneWs.await(message(team, "before the removal"));
      assertThat(leaver.get("/api/v1/threads/" + team + "/messages").status()).isEqualTo(200);

      Answer removal =
          boss.call("DELETE", "/api/v1/threads/" + team + "/members/" + leaver.id(), null);
      assertThat(removal.status()).isEqualTo(204);
      assertThat(goneWs.await(f -> type(f, "removed")).get("thread_id").asText()).isEqualTo(team);

      // The thread goes on: a REST message, a WebSocket message, typing and a read pointer move.
      boss.send(team, "after the removal");
      staysWs.ws.send(
          Map.of(
              "type",
              "send",
              "ref",
              "s1",
              "thread_id",
              team,
              "body",
              "ws after",
              "client_msg_id",
              "s1"));
      assertThat(staysWs.await(f -> type(f, "ack")).get("ref").asText()).isEqualTo("s1");
      staysWs.ws.send(Map.of("type", "typing", "thread_id", team));
      assertThat(bossWs.await(f -> type(f, "typing") && in(f, team)).get("user_id").asText())
          .isEqualTo(stays.id());
      assertThat(boss.post("/api/v1/threads/" + team + "/read", Map.of("seq", 1_000_000)).status())
          .isEqualTo(204);
      assertThat(staysWs.await(f -> type(f, "read") && in(f, team)).get("user_id").asText())
          .isEqualTo(boss.id());
      staysWs.await(message(team, "after the removal"));
      bossWs.await(message(team, "after the removal"));
      bossWs.await(message(team, "ws after"));

      // A fence: an event of a thread the removed user is still in, published after all of that.
      boss.send(side, "fence");
      assertThat(goneWs.until(message(side, "fence")))
          .as("events of the old thread after the removal")
          .noneMatch(f -> in(f, team));

      // History, the thread, and every action on it are closed to the removed member.
      for (String query : List.of("", "?after_seq=0", "?before_seq=1000", "?limit=200")) {
        Answer history = leaver.get("/api/v1/threads/" + team + "/messages" + query);
        assertThat(history.status()).as("history %s", query).isEqualTo(404);
        assertThat(history.errorCode()).isEqualTo("not_found");
      }
      assertThat(leaver.get("/api/v1/threads/" + team).status()).isEqualTo(404);
      assertThat(threadIds(leaver)).doesNotContain(team).contains(side);
      goneWs.ws.send(
          Map.of(
              "type",
              "send",
              "ref",
              "g1",
              "thread_id",
              team,
              "body",
              "let me in",
              "client_msg_id",
              "g1"));
      goneWs.ws.send(Map.of("type", "typing", "ref", "g2", "thread_id", team));
      goneWs.ws.send(Map.of("type", "read", "ref", "g3", "thread_id", team, "seq", 1));
      for (String ref : List.of("g1", "g2", "g3")) {
        JsonNode error = goneWs.await(f -> type(f, "error") && ref.equals(f.path("ref").asText()));
        assertThat(error.get("code").asText()).isEqualTo("not_found");
      }
      fence(boss, team);
      assertThat(bossWs.until(f -> type(f, "thread") && in(f, team)))
          .as("events caused by the removed member")
          .noneMatch(f -> fromUser(f, leaver.id()));
      JsonNode history = boss.get("/api/v1/threads/" + team + "/messages").get("messages");
      assertThat(history)
          .noneMatch(
              m ->
                  m.get("sender_id").asText().equals(leaver.id())
                      && m.get("kind").asText().equals("text"));
    }
  }

  @Test
  void aRevokedTokenCannotOpenAWebSocket() throws Exception {
    TestUser user = api.newUser("revoke");
    TestUser phone = api.login(user.username(), PASSWORD);
    try (WsClient open = phone.connect()) {
      assertThat(phone.call("DELETE", "/api/v1/sessions/current", null).status()).isEqualTo(204);
      assertThat(open.awaitClose()).isEqualTo(1008);
    }
    assertThat(upgrade("/api/v1/ws", "Bearer " + phone.token())).isEqualTo(UNAUTHORIZED);
    assertThat(upgrade("/api/v1/ws?access_token=" + phone.token(), null)).isEqualTo(UNAUTHORIZED);
    // The user's other session is untouched.
    assertThat(upgrade("/api/v1/ws", "Bearer " + user.token())).isEqualTo("101");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static String tokenOf(Caller caller) {
    return switch (caller) {
      case NO_TOKEN -> null;
      case MALFORMED_TOKEN -> malformedToken;
      case REVOKED_TOKEN -> revokedToken;
      case OTHER_USER -> stranger.token();
      case NON_MEMBER -> outsider.token();
      case REMOVED_MEMBER -> removed.token();
      case MEMBER -> member.token();
      case OWNER -> owner.token();
    };
  }

  /** "201", or "404 not_found" once the error body is checked to have the documented shape. */
  static String outcome(Answer a) {
    if (a.status() < 400) {
      return Integer.toString(a.status());
    }
    assertThat(a.json()).as("error body of %s: %s", a.status(), a.text()).isNotNull();
    JsonNode error = a.json().get("error");
    assertThat(error).as("error object in %s", a.text()).isNotNull();
    assertThat(error.path("code").isTextual()).as("error code in %s", a.text()).isTrue();
    assertThat(error.path("message").isTextual()).as("error message in %s", a.text()).isTrue();
    return a.status() + " " + error.get("code").asText();
  }

  /** "101" for an upgrade (after its ready frame), or the status and code that refused it. */
  static String upgrade(String path, String authorization) throws IOException {
    RawWebSocket.Upgrade upgrade = RawWebSocket.upgrade(server.port(), path, authorization);
    if (upgrade.socket() != null) {
      try (RawWebSocket ws = upgrade.socket()) {
        assertThat(ws.read().text()).contains("\"type\":\"ready\"");
        return "101";
      }
    }
    RawWebSocket.Refused refused = upgrade.refused();
    assertThat(refused.errorCode())
        .as("JSON error of the refused upgrade: %s", refused)
        .isNotNull();
    return refused.status() + " " + refused.errorCode();
  }

  /**
   * One WebSocket action by the caller, watched by a connection of the owner. Returns "ack" (send),
   * "ok" (typing or read accepted: no error before a later frame's answer), or "error code"; for
   * the unauthenticated kinds, the refused upgrade. Accepted actions must reach the watcher;
   * refused ones must not.
   */
  static String wsAction(Ctx ctx, String action) throws IOException {
    if (!ctx.caller.authenticates()) {
      return upgrade("/api/v1/ws", ctx.caller == Caller.NO_TOKEN ? null : "Bearer " + ctx.token);
    }
    String thread = ctx.thread;
    String actorId = ctx.user().id();
    String marker = "ws " + action + " " + unique();
    try (WsClient watcher = owner.connect();
        WsClient actor = WsClient.connect(server.port(), ctx.token)) {
      Map<String, Object> frame =
          switch (action) {
            case "send" ->
                Map.of(
                    "type",
                    "send",
                    "ref",
                    "act",
                    "thread_id",
                    thread,
                    "body",
                    marker,
                    "client_msg_id",
                    marker);
            case "typing" -> Map.of("type", "typing", "ref", "act", "thread_id", thread);
            default -> Map.of("type", "read", "ref", "act", "thread_id", thread, "seq", 1_000_000);
          };
      actor.send(frame);
      // One connection's send, typing and read frames are handled in order: this refused send's
      // answer comes after the action's.
      actor.send(
          Map.of(
              "type",
              "send",
              "ref",
              "fence",
              "thread_id",
              thread,
              "body",
              "",
              "client_msg_id",
              "fence"));
      String result = null;
      while (true) {
        JsonNode f = actor.next(x -> type(x, "ack") || type(x, "error"));
        String ref = f.path("ref").asText();
        if (ref.equals("fence")) {
          break;
        }
        if (ref.equals("act") && result == null) {
          result = type(f, "ack") ? "ack" : "error " + f.get("code").asText();
        }
      }
      if (result == null) {
        result = "ok";
      }
      if (result.equals("ack") || result.equals("ok")) {
        Predicate<JsonNode> delivered =
            switch (action) {
              case "send" -> f -> type(f, "message") && body(f).equals(marker);
              case "typing" -> f -> type(f, "typing") && in(f, thread) && fromUser(f, actorId);
              default -> f -> type(f, "read") && in(f, thread) && fromUser(f, actorId);
            };
        assertThat(watcher.next(delivered)).isNotNull();
      } else {
        fence(owner, thread);
        assertThat(untilThreadEvent(watcher, thread))
            .as("events delivered to a member after a refused %s", action)
            .noneMatch(f -> fromUser(f, actorId) || (type(f, "message") && body(f).equals(marker)));
      }
      return result;
    }
  }

  /** Makes the server send a {@code thread} event to the user's own connections (a no-op). */
  static void fence(TestUser user, String thread) {
    Answer a =
        user.call("PATCH", "/api/v1/threads/" + thread + "/settings", Map.of("muted", false));
    assertThat(a.status()).isEqualTo(200);
  }

  static List<JsonNode> untilThreadEvent(WsClient ws, String thread) {
    List<JsonNode> seen = new ArrayList<>();
    ws.next(
        f -> {
          if (type(f, "thread") && f.get("thread").get("id").asText().equals(thread)) {
            return true;
          }
          seen.add(f);
          return false;
        });
    return seen;
  }

  /**
   * What a refused call must not change: both views of the row's thread and of the direct thread,
   * and the member's devices.
   */
  static List<String> state(Ctx ctx) {
    List<String> state = new ArrayList<>();
    for (String thread : List.of(ctx.thread == null ? group : ctx.thread, direct)) {
      state.add(owner.get("/api/v1/threads/" + thread).text());
      state.add(member.get("/api/v1/threads/" + thread).text());
      state.add(owner.get("/api/v1/threads/" + thread + "/messages?limit=200").text());
    }
    state.add(deviceIds(member.get("/api/v1/devices")).toString());
    return state;
  }

  static String device(TestUser user) {
    Answer a =
        user.post(
            "/api/v1/devices",
            Map.of("platform", "webhook", "token", "https://hooks.example/" + unique()));
    assertThat(a.status()).isEqualTo(201);
    return a.get("device").get("id").asText();
  }

  static List<String> deviceIds(Answer a) {
    List<String> ids = new ArrayList<>();
    a.get("devices").forEach(d -> ids.add(d.get("id").asText()));
    return ids;
  }

  static List<String> participants(JsonNode thread) {
    List<String> ids = new ArrayList<>();
    thread.get("participant_ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  static List<String> threadIds(TestUser user) {
    List<String> ids = new ArrayList<>();
    user.get("/api/v1/threads?limit=200")
        .get("threads")
        .forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }

  static boolean type(JsonNode f, String type) {
    return type.equals(f.path("type").asText());
  }

  /** Whether the event concerns the thread (thread_id, the message's or the thread's id). */
  static boolean in(JsonNode f, String thread) {
    return thread.equals(f.path("thread_id").asText())
        || thread.equals(f.path("message").path("thread_id").asText())
        || thread.equals(f.path("thread").path("id").asText());
  }

  static boolean fromUser(JsonNode f, String userId) {
    return userId.equals(f.path("user_id").asText())
        || userId.equals(f.path("message").path("sender_id").asText());
  }

  static Predicate<JsonNode> message(String thread, String body) {
    return f -> type(f, "message") && in(f, thread) && body(f).equals(body);
  }

  static String body(JsonNode f) {
    return f.path("message").path("body").asText();
  }

  static String unique() {
    return counter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A WebSocket's frames, kept until a test asks for them, in any order. */
  static final class Inbox implements AutoCloseable {
    final WsClient ws;
    final List<JsonNode> backlog = new ArrayList<>();

    Inbox(TestUser user) {
      this.ws = user.connect();
    }

    /** The first frame, kept or new, that matches. */
    JsonNode await(Predicate<JsonNode> match) {
      for (int i = 0; i < backlog.size(); i++) {
        if (match.test(backlog.get(i))) {
          return backlog.remove(i);
        }
      }
      return ws.next(
          f -> {
            if (match.test(f)) {
              return true;
            }
            backlog.add(f);
            return false;
          });
    }

    /** Every frame, kept or new, before the first one that matches (which is consumed). */
    List<JsonNode> until(Predicate<JsonNode> match) {
      await(match);
      List<JsonNode> before = List.copyOf(backlog);
      backlog.clear();
      return before;
    }

    @Override
    public void close() {
      ws.close();
    }
  }
}

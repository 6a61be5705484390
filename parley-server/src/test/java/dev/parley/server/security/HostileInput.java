package dev.parley.server.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates hostile REST requests and WebSocket frames from one {@link Random}, so that a seed
 * replays the same inputs. Every input is invalid in at least one way that the API must refuse (a
 * "poison": a wrong type, a broken rule, broken JSON, an unknown id, a bad token...), so none of
 * them may be stored; the only valid inputs are harmless WebSocket pings.
 */
final class HostileInput {
  /** A REST request; {@code expect} is its exact status when known (400, 413), else 0: a 4xx. */
  record Rest(
      int index,
      String category,
      String method,
      String target,
      String authorization,
      byte[] body,
      int expect) {
    String describe() {
      String auth = authorization == null ? "none" : abbreviate(authorization, 60);
      return "#"
          + index
          + " ["
          + category
          + "] "
          + method
          + " "
          + abbreviate(target, 200)
          + " auth="
          + auth
          + " body="
          + (body == null ? "none" : abbreviate(body, 240));
    }
  }

  /**
   * A WebSocket message: text or binary, sent in {@code fragments} frames. {@code ping}: a valid
   * ping, answered by a pong; anything else must get an error frame, or for {@code oversize}, a
   * close with 1009.
   */
  record Ws(int index, String category, int opcode, byte[] payload, int fragments) {
    boolean oversize() {
      return category.equals("oversize");
    }

    String describe() {
      return "#"
          + index
          + " ["
          + category
          + "] "
          + (opcode == RawWebSocket.BINARY ? "binary" : "text")
          + (fragments > 1 ? " in " + fragments + " fragments" : "")
          + " "
          + abbreviate(payload, 240);
    }
  }

  /** The ids and tokens of the fixtures the inputs aim at. */
  record Targets(
      List<String> threads, List<String> users, List<String> tokens, String nonMemberUser) {}

  private static final String CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final String[] HUGE_NUMBERS = {
    "1e400",
    "-1e400",
    "-0",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "18446744073709551616",
    "1e-400",
    "123456789012345678901234567890.5",
    "1E+2",
    "0.0",
    "-0.0",
    "4.9e-324",
    "1.7976931348623157e309",
    "2147483648",
    "-2147483649",
    "9".repeat(64),
    "1" + "0".repeat(70),
  };
  private static final String[] NASTY_STRINGS = {
    "",
    " ",
    "\t\n",
    "null",
    "true",
    "0",
    "-1",
    "'; DROP TABLE messages; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "\u0000",
    "\u0000\u0001\u001f\u007f",
    "\u200b\u200e\u202e\ufeff",
    "\uffff\ufffe",
    "\ud83d\ude00\ud83d\ude00",
    "\ud800",
    "\udfff",
    "a\udc00b",
    "\ud83d",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
  };

  private final Random r;
  private final Targets t;
  private int next;

  HostileInput(long seed, Targets targets) {
    this.r = new Random(seed);
    this.t = targets;
  }

  // ---------------------------------------------------------------------------------------------
  // REST

  /** The next REST input; bodies stay within the 1 MiB limit (see {@link #oversizeRest()}). */
  Rest rest() {
    int index = next++;
    while (true) {
      Rest input = rest(index);
      if (input.body() == null || input.body().length <= 1 << 20) {
        return input;
      }
    }
  }

  private Rest rest(int index) {
    int dice = r.nextInt(100);
    String token = t.tokens().get(r.nextInt(t.tokens().size()));
    String auth = "Bearer " + token;
    if (dice < 5) {
      return badAuth(index);
    }
    if (r.nextInt(400) == 0) {
      return huge(index, "Bearer " + token);
    }
    int kind = r.nextInt(18);
    return switch (kind) {
      case 0 ->
          body(
              index,
              "users",
              "POST",
              "/api/v1/users",
              null,
              this::register,
              j ->
                  j.open()
                      .key("username")
                      .str("fzv" + ascii(12))
                      .key("password")
                      .str("pw-" + ascii(12))
                      .close());
      case 1 -> body(index, "sessions", "POST", "/api/v1/sessions", null, this::login, null);
      case 2 ->
          body(
              index,
              "threads.create",
              "POST",
              "/api/v1/threads",
              auth,
              this::createThread,
              j ->
                  j.open()
                      .key("kind")
                      .str("group")
                      .key("title")
                      .str("t " + ascii(5))
                      .key("participant_ids")
                      .open('[')
                      .str(realUser())
                      .close(']')
                      .close());
      case 3 ->
          body(
              index,
              "threads.rename",
              "PATCH",
              "/api/v1/threads/" + thread(),
              auth,
              this::rename,
              j -> j.open().key("title").str("renamed " + ascii(5)).close());
      case 4 ->
          body(
              index,
              "members.add",
              "POST",
              "/api/v1/threads/" + thread() + "/members",
              auth,
              this::addMembers,
              j -> j.open().key("user_ids").open('[').str(t.nonMemberUser()).close(']').close());
      case 5 ->
          new Rest(
              index,
              "members.remove",
              "DELETE",
              "/api/v1/threads/" + thread() + "/members/" + segment(nonMember()),
              auth,
              r.nextInt(4) == 0 ? junkBytes() : null,
              0);
      case 6 ->
          body(
              index,
              "settings",
              "PATCH",
              "/api/v1/threads/" + thread() + "/settings",
              auth,
              this::settings,
              j -> j.open().key("muted").raw("true").key("nickname").str("n" + ascii(4)).close());
      case 7 ->
          body(
              index,
              "read",
              "POST",
              "/api/v1/threads/" + thread() + "/read",
              auth,
              this::read,
              j -> j.open().key("seq").raw("1").close());
      case 8, 9 -> {
        boolean real = r.nextInt(5) != 0;
        String thread = real ? realThread() : segment(randomId());
        yield body(
            index,
            "messages.send",
            "POST",
            "/api/v1/threads/" + thread + "/messages",
            auth,
            j -> sendBody(j, real),
            j -> j.open().key("body").str("hello").key("client_msg_id").str(ascii(12)).close());
      }
      case 10 ->
          body(
              index,
              "devices",
              "POST",
              "/api/v1/devices",
              auth,
              this::device,
              j ->
                  j.open()
                      .key("platform")
                      .str("webhook")
                      .key("token")
                      .str("https://hooks.example/" + ascii(10))
                      .close());
      case 11 -> new Rest(index, "query.threads", "GET", threadsQuery(), auth, null, 0);
      case 12, 13 -> new Rest(index, "query.messages", "GET", historyQuery(), auth, null, 0);
      case 14 -> new Rest(index, "query.users", "GET", usersQuery(), auth, null, 0);
      case 15 -> new Rest(index, "query.presence", "GET", presenceQuery(), auth, null, 0);
      case 16 -> randomPath(index, auth);
      default -> unknownEndpoint(index, auth);
    };
  }

  /** A body with a string of up to almost 1 MiB: it reaches the parser, and is refused. */
  private Rest huge(int index, String auth) {
    String text = longText(100_000 + r.nextInt(600_000));
    Json j = new Json().open();
    return switch (r.nextInt(3)) {
      case 0 -> {
        j.key("body").str(text).key("client_msg_id").str(ascii(8)).close();
        yield new Rest(
            index,
            "huge",
            "POST",
            "/api/v1/threads/" + realThread() + "/messages",
            auth,
            j.bytes(),
            413);
      }
      case 1 -> {
        j.key("title").str(text).close();
        yield new Rest(
            index, "huge", "PATCH", "/api/v1/threads/" + realThread(), auth, j.bytes(), 400);
      }
      default -> {
        String half = text.substring(0, text.length() / 2);
        j.key("username").str(half).key("password").str(half).close();
        yield new Rest(index, "huge", "POST", "/api/v1/users", null, j.bytes(), 400);
      }
    };
  }

  /** A request over the 1 MiB body limit: 413. */
  Rest oversizeRest() {
    int index = next++;
    String token = t.tokens().get(r.nextInt(t.tokens().size()));
    byte[] body = new byte[(1 << 20) + 1 + r.nextInt(200_000)];
    byte[] head = "{\"body\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, body, 0, head.length);
    for (int i = head.length; i < body.length; i++) {
      body[i] = (byte) ('a' + r.nextInt(26));
    }
    String[] targets = {
      "/api/v1/threads/" + realThread() + "/messages", "/api/v1/users", "/api/v1/threads"
    };
    return new Rest(
        index,
        "oversize",
        "POST",
        targets[r.nextInt(targets.length)],
        "Bearer " + token,
        body,
        413);
  }

  /**
   * A JSON body for a call: most often an object with one poisoned field; otherwise such an object
   * broken further, or a valid body (when the call has one) whose JSON syntax alone is broken.
   */
  private Rest body(
      int index,
      String category,
      String method,
      String target,
      String auth,
      Consumer<Json> poisoned,
      Consumer<Json> valid) {
    int mode = r.nextInt(100);
    Json j = new Json();
    if (mode < 55 || (mode >= 80 && valid == null)) {
      poisoned.accept(j);
      return new Rest(index, category, method, target, auth, j.bytes(), 0);
    }
    if (mode < 80) {
      poisoned.accept(j);
      return new Rest(index, category + ".raw", method, target, auth, brokenJson(j.bytes()), 0);
    }
    valid.accept(j);
    return new Rest(index, category + ".syntax", method, target, auth, breakSyntax(j.bytes()), 0);
  }

  private Rest badAuth(int index) {
    String[] auths = {
      null,
      "",
      "Bearer",
      "Bearer ",
      "Basic dXNlcjpwYXNz",
      "Bearer " + ascii(43),
      "Bearer " + ascii(1 + r.nextInt(400)),
      "bearer  " + ascii(10),
      "Bearer " + t.tokens().get(0).substring(1),
      "Bearer " + t.tokens().get(0) + "x",
      "Token " + t.tokens().get(0),
      "Bearer " + t.tokens().get(0).toUpperCase(java.util.Locale.ROOT),
    };
    String auth = auths[r.nextInt(auths.length)];
    String[][] calls = {
      {"GET", "/api/v1/me"},
      {"DELETE", "/api/v1/sessions/current"},
      {"POST", "/api/v1/presence/heartbeat"},
      {"GET", "/api/v1/devices"},
      {"GET", "/api/v1/threads"},
      {"GET", "/api/v1/threads/" + realThread()},
      {"GET", "/api/v1/threads/" + realThread() + "/messages"},
      {"POST", "/api/v1/threads/" + realThread() + "/messages"},
      {"POST", "/api/v1/threads/" + realThread() + "/read"},
      {"PATCH", "/api/v1/threads/" + realThread() + "/settings"},
      {"GET", "/api/v1/users?q=fuzz"},
      {"GET", "/api/v1/presence?user_ids=" + realUser()},
    };
    String[] call = calls[r.nextInt(calls.length)];
    byte[] body = null;
    if (!call[0].equals("GET")) {
      // A body that would be valid: the token alone must make the call fail.
      body =
          switch (call[1].substring(call[1].lastIndexOf('/') + 1)) {
            case "messages" -> utf8("{\"body\":\"hi\",\"client_msg_id\":\"" + ascii(10) + "\"}");
            case "read" -> utf8("{\"seq\":1}");
            case "settings" -> utf8("{\"muted\":true}");
            default -> r.nextBoolean() ? null : junkBytes();
          };
    }
    return new Rest(index, "auth.bad", call[0], call[1], auth, body, 0);
  }

  private void register(Json j) {
    int poison = r.nextInt(3);
    j.open();
    field(j, "username", poison == 0, this::validUsername, this::badUsername);
    field(j, "password", poison == 1, () -> "pw-" + ascii(8 + r.nextInt(20)), this::badPassword);
    if (poison == 2) {
      j.key("display_name");
      badName(j, 64);
    } else if (r.nextBoolean()) {
      j.key("display_name").str(printable(1 + r.nextInt(40)));
    }
    noise(j);
    j.close();
  }

  private void login(Json j) {
    int poison = r.nextInt(4);
    j.open();
    if (poison == 3) {
      // Well typed, but no such user or a wrong password: 401.
      j.key("username").str(r.nextBoolean() ? "nobody-" + ascii(8) : "fuzz" + ascii(3));
      j.key("password").str(printable(8 + r.nextInt(30)));
    } else {
      field(j, "username", poison == 0, () -> "nobody-" + ascii(6), this::wrongType);
      field(j, "password", poison == 1, () -> printable(10), this::wrongType);
      if (poison == 2) {
        j.key("device_name");
        badName(j, 64);
      }
    }
    noise(j);
    j.close();
  }

  private void createThread(Json j) {
    int poison = r.nextInt(4);
    boolean group = r.nextBoolean();
    j.open();
    if (poison == 0) {
      j.key("kind");
      switch (r.nextInt(4)) {
        case 0 -> wrongType(j);
        case 1 -> j.str(pick("Direct", "GROUP", "channel", "", " group", "direct\u0000", "dm"));
        case 2 -> j.str(anyString() + "?");
        default -> j.raw("null");
      }
    } else {
      j.key("kind").str(group ? "group" : "direct");
    }
    if (poison == 1 || (poison != 0 && !group)) {
      j.key("participant_ids");
      badParticipants(j, group);
    } else {
      j.key("participant_ids").open('[');
      if (r.nextBoolean()) {
        j.str(t.users().get(r.nextInt(t.users().size())));
      }
      j.close(']');
    }
    if (group) {
      if (poison >= 2) {
        j.key("title");
        badTitle(j);
      } else if (r.nextBoolean()) {
        j.key("title").str(printable(1 + r.nextInt(50)));
      }
    }
    noise(j);
    j.close();
  }

  private void rename(Json j) {
    j.open();
    j.key("title");
    badTitle(j);
    noise(j);
    j.close();
  }

  private void addMembers(Json j) {
    j.open();
    j.key("user_ids");
    switch (r.nextInt(7)) {
      case 0 -> wrongType(j);
      case 1 -> j.raw(r.nextBoolean() ? "[]" : "null");
      case 2 -> {
        j.open('[');
        j.str(t.nonMemberUser());
        junkValue(j, 0, false);
        j.close(']');
      }
      case 3 -> {
        j.open('[');
        j.str(r.nextBoolean() ? "" : "u".repeat(65 + r.nextInt(100)));
        j.close(']');
      }
      case 4 -> {
        // Real users and one unknown: all or nothing.
        j.open('[');
        for (String user : t.users()) {
          j.str(user);
        }
        j.str(ulidLike());
        j.close(']');
      }
      case 5 -> {
        j.open('[');
        int n = r.nextInt(20) == 0 ? 10_001 : 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
          j.str(i == 0 || r.nextInt(10) != 0 ? ulidLike() : t.nonMemberUser());
        }
        j.close(']');
      }
      default -> {
        j.open('[');
        j.str(t.nonMemberUser() + "\ud800".substring(0, r.nextInt(2)) + "x");
        j.close(']');
      }
    }
    noise(j);
    j.close();
  }

  private void settings(Json j) {
    int poison = r.nextInt(4);
    j.open();
    switch (poison) {
      case 0 -> {
        j.key("muted");
        notBoolean(j);
        if (r.nextBoolean()) {
          j.key("nickname").str(printable(1 + r.nextInt(30)));
        }
      }
      case 1, 2 -> {
        if (r.nextBoolean()) {
          j.key("muted").raw(r.nextBoolean() ? "true" : "false");
        }
        j.key("nickname");
        badName(j, 64);
      }
      default -> {
        // Neither setting: nothing to change is a 400.
        if (r.nextBoolean()) {
          j.key("muted").raw("null");
        }
        j.key(pick("Muted", "nick", "nickname ", "mute")).str("x");
      }
    }
    noise(j);
    j.close();
  }

  private void read(Json j) {
    j.open();
    if (r.nextInt(8) != 0) {
      j.key("seq");
      badSeq(j);
    }
    noise(j);
    j.close();
  }

  private void sendBody(Json j, boolean mustPoison) {
    int poison = mustPoison ? r.nextInt(2) : r.nextInt(3);
    j.open();
    if (poison == 0) {
      j.key("body");
      badBody(j);
    } else {
      j.key("body").str(messageText());
    }
    if (poison == 1) {
      j.key("client_msg_id");
      badClientMsgId(j);
    } else {
      j.key("client_msg_id").str(ascii(1 + r.nextInt(64)));
    }
    noise(j);
    j.close();
  }

  private void device(Json j) {
    int poison = r.nextInt(2);
    j.open();
    j.key("platform");
    if (poison == 0) {
      switch (r.nextInt(3)) {
        case 0 -> wrongType(j);
        case 1 -> j.str(pick("apns", "fcm", "sms", "Webhook", "web hook", "", "webhook\u0000"));
        default -> j.str(anyString() + "!");
      }
    } else {
      j.str("webhook");
    }
    if (poison == 1) {
      j.key("token");
      switch (r.nextInt(5)) {
        case 0 -> wrongType(j);
        case 1 -> j.str(pick("", "   ", "\t"));
        case 2 -> j.str("https://hooks.example/" + "a".repeat(4097));
        case 3 ->
            j.str(
                pick(
                    "ftp://hooks.example/x",
                    "hooks.example/x",
                    "http://",
                    "javascript:alert(1)",
                    "http:///nohost",
                    "//hooks.example/x",
                    "file:///etc/passwd",
                    "mailto:a@b.c",
                    "http://[::1",
                    "https://exa mple.com/"));
        default -> j.str("https://hooks.example/" + ascii(5) + "\ud800");
      }
    } else {
      j.key("token").str("https://hooks.example/" + ascii(10));
    }
    noise(j);
    j.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Queries and paths

  private String threadsQuery() {
    List<String> params = new ArrayList<>();
    params.add("limit=" + q(badLimit()));
    if (r.nextBoolean()) {
      params.add("before=" + q(r.nextBoolean() ? anyCursor() : badCursor()));
    }
    return "/api/v1/threads?" + shuffleJoin(params);
  }

  private String historyQuery() {
    boolean real = r.nextInt(6) != 0;
    String thread = real ? realThread() : segment(randomId());
    // On a real thread one parameter is poisoned; an unknown thread is a 404 whatever they are.
    int poison = real ? r.nextInt(3) : -1;
    String[] names = {"limit", "before_seq", "after_seq"};
    List<String> params = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (i == poison) {
        params.add(names[i] + "=" + q(i == 0 ? badLimit() : badSeqParam()));
      } else if (r.nextInt(4) != 0) {
        params.add(names[i] + "=" + q(i == 0 ? anyLimit() : anySeqParam()));
      }
    }
    return "/api/v1/threads/" + thread + "/messages?" + shuffleJoin(params);
  }

  private String usersQuery() {
    return switch (r.nextInt(3)) {
      case 0 -> "/api/v1/users" + (r.nextBoolean() ? "" : "?limit=" + q(anyLimit()));
      case 1 -> "/api/v1/users?q=" + (r.nextBoolean() ? "" : "&limit=5");
      default -> "/api/v1/users?q=" + q(shortString()) + "&limit=" + q(badLimit());
    };
  }

  private String presenceQuery() {
    return switch (r.nextInt(4)) {
      case 0 -> "/api/v1/presence";
      case 1 -> "/api/v1/presence?user_ids=" + q(pick("", ",", " , ,", " "));
      case 2 -> {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 201 + r.nextInt(100); i++) {
          ids.append(i > 0 ? "," : "").append(ulidLike());
        }
        yield "/api/v1/presence?user_ids=" + ids;
      }
      default -> "/api/v1/presence?users=" + q(realUser());
    };
  }

  private Rest randomPath(int index, String auth) {
    String id = segment(randomId());
    String[][] calls = {
      {"GET", "/api/v1/users/" + id},
      {"GET", "/api/v1/threads/" + id},
      {"DELETE", "/api/v1/devices/" + id},
      {"GET", "/api/v1/threads/" + id + "/messages"},
      {"DELETE", "/api/v1/threads/" + id + "/members/" + segment(randomId())},
      {"POST", "/api/v1/threads/" + id + "/read"},
    };
    String[] call = calls[r.nextInt(calls.length)];
    byte[] body = call[0].equals("POST") ? utf8("{\"seq\":1}") : null;
    return new Rest(index, "path.random", call[0], call[1], auth, body, 0);
  }

  private Rest unknownEndpoint(int index, String auth) {
    String method = pick("GET", "POST", "PUT", "PATCH", "DELETE");
    String target =
        switch (r.nextInt(4)) {
          case 0 -> "/api/v1/x-" + segment(randomId());
          case 1 -> "/api/v2/threads";
          case 2 ->
              method.equals("PUT")
                  ? pick("/api/v1/threads", "/api/v1/me", "/api/v1/devices")
                  : "/api/v1/threads/" + realThread() + "/x-" + segment(randomId());
          default -> "/api/" + segment(randomId());
        };
    byte[] body = method.equals("GET") ? null : junkBytes();
    return new Rest(index, "endpoint.unknown", method, target, auth, body, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // WebSocket

  /** The next WebSocket message; all stay within 64 KiB (see {@link #oversizeFrame()}). */
  Ws frame() {
    int index = next++;
    while (true) {
      Ws input = frame(index);
      if (input.payload().length <= 64 * 1024) {
        return input;
      }
    }
  }

  private Ws frame(int index) {
    String ref = "f" + index;
    int dice = r.nextInt(100);
    int fragments = r.nextInt(20) == 0 ? 2 + r.nextInt(3) : 1;
    if (dice < 12) {
      Json j = new Json().open();
      j.key("type").str("ping");
      if (r.nextInt(4) != 0) {
        j.key("ref").str(r.nextBoolean() ? ref : ascii(r.nextInt(40)));
      }
      if (r.nextInt(4) == 0) {
        noiseAlways(j);
      }
      j.close();
      return new Ws(index, "ping", RawWebSocket.TEXT, j.bytes(), fragments);
    }
    if (dice < 17) {
      byte[] payload =
          r.nextBoolean() ? junkBytes() : utf8("{\"type\":\"ping\",\"ref\":\"" + ref + "\"}");
      return new Ws(index, "binary", RawWebSocket.BINARY, payload, fragments);
    }
    String category;
    Consumer<Json> structured;
    if (dice < 47) {
      category = "send";
      structured = j -> wsSend(j, ref);
    } else if (dice < 57) {
      category = "typing";
      structured = j -> wsTyping(j, ref);
    } else if (dice < 69) {
      category = "read";
      structured = j -> wsRead(j, ref);
    } else {
      category = "type";
      structured = j -> wsUnknownType(j, ref);
    }
    Json j = new Json();
    int mode = r.nextInt(100);
    if (mode < 15 && !category.equals("type")) {
      // A frame that would be valid but for its JSON syntax.
      j.open().key("type").str(category);
      j.key("ref").str(ref);
      j.key("thread_id").str(realThread());
      switch (category) {
        case "send" -> j.key("body").str("hello").key("client_msg_id").str(ascii(12));
        case "read" -> j.key("seq").raw("1");
        default -> {}
      }
      j.close();
      return new Ws(
          index, category + ".syntax", RawWebSocket.TEXT, breakSyntax(j.bytes()), fragments);
    }
    structured.accept(j);
    byte[] payload = j.bytes();
    if (mode < 40) {
      payload = brokenJson(payload);
      category += ".raw";
    }
    return new Ws(index, category, RawWebSocket.TEXT, payload, fragments);
  }

  /** A message over 64 KiB, in one frame or several: the socket closes with 1009. */
  Ws oversizeFrame() {
    int index = next++;
    int size = (64 * 1024) + 1 + r.nextInt(60_000);
    byte[] payload = new byte[size];
    byte[] head = utf8("{\"type\":\"ping\",\"ref\":\"");
    System.arraycopy(head, 0, payload, 0, head.length);
    for (int i = head.length; i < size; i++) {
      payload[i] = (byte) ('a' + r.nextInt(26));
    }
    int opcode = r.nextInt(4) == 0 ? RawWebSocket.BINARY : RawWebSocket.TEXT;
    return new Ws(index, "oversize", opcode, payload, r.nextBoolean() ? 1 : 2 + r.nextInt(3));
  }

  private void wsRef(Json j, String ref) {
    switch (r.nextInt(10)) {
      case 0 -> {}
      case 1 -> {
        j.key("ref");
        wrongType(j);
      }
      case 2 -> j.key("ref").str(anyString());
      default -> j.key("ref").str(ref);
    }
  }

  private void wsSend(Json j, String ref) {
    // Poisons: a broken field, a missing or unknown thread, or invalid UTF-8 in the body.
    int poison = r.nextInt(5);
    j.open();
    j.key("type").str("send");
    wsRef(j, ref);
    if (poison == 0) {
      if (r.nextInt(3) != 0) {
        j.key("thread_id");
        if (r.nextBoolean()) {
          wrongType(j);
        } else {
          j.str(randomId());
        }
      }
    } else {
      j.key("thread_id").str(realThread());
    }
    j.key("body");
    switch (poison) {
      case 1, 2 -> badBody(j);
      case 3 -> {
        // Bytes that are not UTF-8 inside the body's string.
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        text.writeBytes(utf8("\"" + ascii(1 + r.nextInt(20))));
        text.writeBytes(invalidUtf8());
        text.writeBytes(utf8(ascii(r.nextInt(5)) + "\""));
        j.value(text.toByteArray());
      }
      default -> j.str(messageText());
    }
    j.key("client_msg_id");
    if (poison == 4) {
      badClientMsgId(j);
    } else {
      j.str(ascii(1 + r.nextInt(64)));
    }
    noise(j);
    j.close();
  }

  private void wsTyping(Json j, String ref) {
    j.open();
    j.key("type").str("typing");
    wsRef(j, ref);
    switch (r.nextInt(4)) {
      case 0 -> {}
      case 1 -> {
        j.key("thread_id");
        wrongType(j);
      }
      case 2 -> j.key("thread_id").str(anyString() + "-x");
      default -> j.key("thread_id").str(randomId());
    }
    noise(j);
    j.close();
  }

  private void wsRead(Json j, String ref) {
    j.open();
    j.key("type").str("read");
    wsRef(j, ref);
    if (r.nextInt(4) == 0) {
      j.key("thread_id").str(randomId());
      j.key("seq").raw(Integer.toString(r.nextInt(100)));
    } else {
      if (r.nextInt(5) != 0) {
        j.key("thread_id").str(realThread());
      }
      j.key("seq");
      badSeq(j);
    }
    noise(j);
    j.close();
  }

  private void wsUnknownType(Json j, String ref) {
    j.open();
    switch (r.nextInt(5)) {
      case 0 -> {}
      case 1 -> {
        j.key("type");
        wrongType(j);
      }
      case 2 ->
          j.key("type")
              .str(pick("PING", "ping ", " ping", "Send", "pong", "ack", "error", "ready", ""));
      case 3 -> j.key("type").str(anyString() + "?");
      default -> j.key("type").str("\ud800ping");
    }
    wsRef(j, ref);
    if (r.nextBoolean()) {
      j.key("thread_id").str(realThread());
      j.key("body").str("hi");
      j.key("client_msg_id").str(ascii(8));
    }
    noise(j);
    j.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Poisons

  /** A field: valid when not poisoned (sometimes absent only when the poison is elsewhere). */
  private void field(
      Json j,
      String name,
      boolean poisoned,
      java.util.function.Supplier<String> valid,
      Consumer<Json> bad) {
    if (poisoned) {
      if (r.nextInt(6) == 0) {
        return;
      }
      j.key(name);
      bad.accept(j);
    } else {
      j.key(name).str(valid.get());
    }
  }

  private String validUsername() {
    return "fz" + ascii(1 + r.nextInt(20)).toLowerCase(java.util.Locale.ROOT);
  }

  private void badUsername(Json j) {
    switch (r.nextInt(6)) {
      case 0 -> wrongType(j);
      case 1 -> j.str(pick("", "a", "ab", "  ", "x".repeat(33), "a".repeat(1000)));
      case 2 -> j.str("fz" + pick(" ", "!", "/", "é", "\u0000", "\n", "@", "+") + ascii(4));
      case 3 -> j.str("fz" + ascii(3) + "\ud800");
      case 4 -> j.str(anyString() + "\u00e9");
      default -> j.raw("null");
    }
  }

  private void badPassword(Json j) {
    switch (r.nextInt(5)) {
      case 0 -> wrongType(j);
      case 1 -> j.str(printable(r.nextInt(8)));
      case 2 -> j.str("p".repeat(1025 + r.nextInt(2000)));
      case 3 -> j.str("password" + "\udc00" + ascii(4));
      default -> j.raw("null");
    }
  }

  /** A display, device or nick name that breaks a rule (never null, which is allowed). */
  private void badName(Json j, int max) {
    switch (r.nextInt(5)) {
      case 0 -> wrongType(j, false);
      case 1 -> j.str(printable(1) + "x".repeat(max + 1 + r.nextInt(200)));
      // Inside the name: at its ends, whitespace would be trimmed away.
      case 2 ->
          j.str(
              printable(3) + pick("\u0000", "\u0007", "\n", "\u001b[31m", "\u0085") + printable(2));
      case 3 -> j.str(printable(3) + "\ud83d");
      default -> j.str(pick("\u0000", "a\u0000b", "\u007f"));
    }
  }

  private void badTitle(Json j) {
    switch (r.nextInt(6)) {
      case 0 -> wrongType(j);
      case 1 -> j.str(pick("", " ", "\t\n ", "\u2003"));
      case 2 -> j.str("t" + "x".repeat(100 + r.nextInt(500)));
      case 3 -> j.str("ti" + pick("\u0000", "\r\n", "\u0008", "\u009b") + "tle");
      case 4 -> j.str("ti\udfff");
      default -> j.raw("null");
    }
  }

  private void badParticipants(Json j, boolean group) {
    switch (r.nextInt(group ? 5 : 7)) {
      // Not an array at all (an empty array is a valid group).
      case 0 -> j.raw(pick("\"" + t.users().get(0) + "\"", "{}", "1", "true", "\"[]\""));
      case 1 -> {
        j.open('[');
        junkValue(j, 0, false);
        j.close(']');
      }
      case 2 -> {
        j.open('[');
        j.str(r.nextBoolean() ? "" : "p".repeat(65));
        j.close(']');
      }
      case 3 -> {
        j.open('[');
        j.str(ulidLike());
        j.close(']');
      }
      case 4 -> j.raw("null");
      case 5 -> j.raw("[]");
      default -> {
        // A direct thread with two others.
        j.open('[');
        j.str(t.users().get(0)).str(t.users().get(1)).str(t.nonMemberUser());
        j.close(']');
      }
    }
  }

  private void badSeq(Json j) {
    switch (r.nextInt(6)) {
      case 0 -> notLong(j);
      case 1 ->
          j.raw(
              pick(
                  "-1",
                  "-9223372036854775808",
                  "-99999999999999999999",
                  "-1e400",
                  "-2",
                  "-4294967296"));
      case 2 ->
          j.raw(
              pick(
                  "1.5",
                  "1e400",
                  "1e2",
                  "1.0",
                  "0.0",
                  "9223372036854775808",
                  "99999999999999999999",
                  "1E+2",
                  "4.9e-324",
                  "1" + "0".repeat(70)));
      case 3 -> j.str(pick("1", "0", "-0", "1e3", ""));
      case 4 -> j.raw(pick("[1]", "{\"seq\":1}", "true", "NaN", "Infinity", "0x10", "01"));
      default -> j.raw("null");
    }
  }

  private void badBody(Json j) {
    switch (r.nextInt(6)) {
      case 0 -> wrongType(j);
      case 1 -> j.str("");
      // Over 16384 bytes of UTF-8 (413), now and then; otherwise a lone surrogate.
      case 2 -> j.str(r.nextInt(4) == 0 ? longText(16_385 + r.nextInt(30_000)) : "\udc00");
      case 3 -> j.str(messageText() + "x\ud800x" + messageText());
      case 4 -> j.str("\udbff\udbff");
      default -> j.raw("null");
    }
  }

  private void badClientMsgId(Json j) {
    switch (r.nextInt(5)) {
      case 0 -> wrongType(j);
      case 1 -> j.str("");
      case 2 -> j.str("c".repeat(65 + r.nextInt(1000)));
      case 3 -> j.str("id-\udc00");
      default -> j.raw("null");
    }
  }

  private String badLimit() {
    return pick(
        "0",
        "-1",
        "201",
        "-0",
        "99999999999999999999",
        "2147483648",
        "-2147483649",
        "9223372036854775808",
        "abc",
        "1.5",
        "1e3",
        " 5",
        "0x10",
        "5 ",
        "1_0",
        "null",
        "200000",
        "-" + "9".repeat(30));
  }

  private String anyLimit() {
    return r.nextBoolean() ? Integer.toString(1 + r.nextInt(200)) : "";
  }

  private String badSeqParam() {
    return pick(
        "-1",
        "-9223372036854775808",
        "9223372036854775808",
        "99999999999999999999",
        "x",
        "1.5",
        "1e3",
        "0x1",
        "--1",
        "1-",
        "NaN");
  }

  private String anySeqParam() {
    return pick("", "0", "1", "2", "9223372036854775807", Integer.toString(r.nextInt(1000)));
  }

  private String badCursor() {
    return pick(
        "abc",
        ".x",
        "1.",
        "x.y",
        "99999999999999999999.a",
        "1e3.x",
        "." + ascii(10),
        "1" + ".x".repeat(150),
        "\u0000.\u0000");
  }

  private String anyCursor() {
    return pick(
        "9223372036854775807.zzz", "-1.x", "0.0", "1.", "", ascii(20), Long.toString(r.nextLong()));
  }

  // ---------------------------------------------------------------------------------------------
  // Broken JSON

  /** Turns a (usually) well-formed body into one that is not valid JSON or not an object. */
  private byte[] brokenJson(byte[] valid) {
    return switch (r.nextInt(14)) {
      case 0 -> new byte[0];
      case 1 -> java.util.Arrays.copyOf(valid, r.nextInt(Math.max(1, valid.length - 1)));
      case 2 ->
          utf8(pick("[]", "\"x\"", "1", "true", "null", "[{}]", "\"{}\"", " ", "\n", "{}}", "{"));
      case 3 -> {
        int depth = 33 + r.nextInt(r.nextInt(10) == 0 ? 10_000 : 300);
        yield utf8(r.nextBoolean() ? "[".repeat(depth) : "{\"a\":".repeat(depth));
      }
      case 4 -> {
        int depth = 33 + r.nextInt(r.nextInt(10) == 0 ? 3_000 : 300);
        yield utf8("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
      }
      case 5 -> junkBytes();
      case 6 -> {
        // Invalid UTF-8 somewhere in the text.
        byte[] bad = invalidUtf8();
        int at = r.nextInt(valid.length + 1);
        byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        yield out;
      }
      case 7 -> {
        // Raw control characters (unescaped) inside strings.
        String s = new String(valid, StandardCharsets.UTF_8);
        yield utf8(s.replaceFirst("\":\"", "\":\"" + pick("\u0000", "\u0001", "\n", "\u001f")));
      }
      case 8 -> {
        // A duplicate key.
        String s = new String(valid, StandardCharsets.UTF_8);
        int colon = s.indexOf("\":");
        if (colon < 0) {
          yield utf8("{\"a\":1,\"a\":1}");
        }
        String key = s.substring(s.indexOf('"'), colon + 2);
        yield utf8("{" + key + "1," + s.substring(1));
      }
      case 9 -> {
        // Trailing content after the object.
        byte[] tail = utf8(pick(" x", "}", "{}", "]", ",", "\u0000", " // c", "{\"a\":1}", "1"));
        byte[] out = java.util.Arrays.copyOf(valid, valid.length + tail.length);
        System.arraycopy(tail, 0, out, valid.length, tail.length);
        yield out;
      }
      case 10 ->
          utf8(
              pick(
                  "{'body':'x'}",
                  "{body:\"x\"}",
                  "{\"a\":1,}",
                  "{\"a\" 1}",
                  "{\"a\":01}",
                  "{\"a\":NaN}",
                  "{\"a\":Infinity}",
                  "{\"a\":.5}",
                  "{\"a\":\"\\x41\"}",
                  "{\"a\":\"\\u12\"}",
                  "/* c */{}",
                  "{\"a\":tru}",
                  "{\"a\":\"x\\\"}"));
      case 11 -> {
        // A number literal over the 64-character limit.
        yield utf8("{\"seq\":" + "1".repeat(65 + r.nextInt(1000)) + "}");
      }
      case 12 -> {
        // A byte-order mark before a body that is wrong anyway.
        byte[] broken = brokenJson(valid);
        byte[] out = new byte[broken.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(broken, 0, out, 3, broken.length);
        yield out;
      }
      default -> {
        // The object inside an array.
        byte[] out = new byte[valid.length + 2];
        out[0] = '[';
        System.arraycopy(valid, 0, out, 1, valid.length);
        out[out.length - 1] = ']';
        yield out;
      }
    };
  }

  /** Breaks the syntax of a valid JSON object so that it is certainly not valid JSON. */
  private byte[] breakSyntax(byte[] valid) {
    String s = new String(valid, StandardCharsets.UTF_8);
    return switch (r.nextInt(11)) {
      case 0 -> java.util.Arrays.copyOf(valid, r.nextInt(valid.length - 1) + 1);
      case 1 ->
          utf8(s + pick(" x", "}", "{}", "]", ",", "\u0000", " // c", "{\"a\":1}", "1", "\""));
      case 2 -> {
        // The first key twice.
        int colon = s.indexOf("\":");
        yield utf8("{" + s.substring(1, colon + 2) + "1," + s.substring(1));
      }
      case 3 -> {
        byte[] bad = invalidUtf8();
        int at = 1 + r.nextInt(valid.length - 1);
        byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        yield out;
      }
      case 4 -> {
        // A raw control character in the last string value.
        int end = s.lastIndexOf('"');
        yield utf8(
            s.substring(0, end)
                + pick("\u0000", "\u0001", "\n", "\t", "\u001f")
                + s.substring(end));
      }
      case 5 -> utf8("[" + s + "]");
      case 6 -> utf8(s.replace('"', '\''));
      case 7 -> utf8(s.replaceFirst(":", " "));
      case 8 -> utf8("x" + s);
      case 9 -> utf8("{/* c */" + s.substring(1));
      default -> utf8(s.substring(0, s.length() - 1) + ",}");
    };
  }

  private byte[] invalidUtf8() {
    byte[][] bad = {
      {(byte) 0xFF},
      {(byte) 0xFE},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
      {(byte) 0x80},
      {(byte) 0xBF, (byte) 0xBF},
      {(byte) 0xC3},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    };
    return bad[r.nextInt(bad.length)];
  }

  private byte[] junkBytes() {
    byte[] b = new byte[r.nextInt(r.nextInt(10) == 0 ? 5_000 : 64)];
    r.nextBytes(b);
    if (b.length > 0 && b[0] == '{') {
      b[0] = (byte) 0xFF;
    }
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** A value that is not a string: for a string field (null included, which is "absent"). */
  private void wrongType(Json j) {
    wrongType(j, true);
  }

  private void wrongType(Json j, boolean nullAllowed) {
    switch (r.nextInt(nullAllowed ? 7 : 6)) {
      case 0 -> j.raw(pick(HUGE_NUMBERS));
      case 1 -> j.raw(Integer.toString(r.nextInt()));
      case 2 -> j.raw(r.nextBoolean() ? "true" : "false");
      case 3 -> {
        j.open('[');
        if (r.nextBoolean()) {
          j.str(anyString());
        }
        j.close(']');
      }
      case 4 -> {
        j.open();
        j.key(anyString()).str(anyString());
        j.close();
      }
      case 5 -> j.raw("{\"a\":" + "[".repeat(5) + "1" + "]".repeat(5) + "}");
      default -> j.raw("null");
    }
  }

  /** A value that is not a boolean (and not null). */
  private void notBoolean(Json j) {
    switch (r.nextInt(5)) {
      case 0 -> j.raw(pick(HUGE_NUMBERS));
      case 1 -> j.raw(Integer.toString(r.nextInt(3)));
      case 2 -> j.str(pick("true", "false", "", "1", anyString()));
      case 3 -> j.raw(pick("[]", "[true]", "{}", "{\"muted\":true}"));
      default -> j.raw(pick("\"TRUE\"", "\"on\"", "\"yes\""));
    }
  }

  /** A value that is not an integer that fits a long: a string, a float, a huge number... */
  private void notLong(Json j) {
    switch (r.nextInt(5)) {
      case 0 -> j.str(pick("1", "0", "-0", "1e3", "", "9223372036854775807", anyString()));
      case 1 -> j.raw(r.nextBoolean() ? "true" : "false");
      case 2 -> j.raw(pick("[]", "[1]", "{}", "{\"seq\":1}", "[[[[1]]]]"));
      case 3 -> j.raw(pick("9223372036854775808", "99999999999999999999", "1e400", "0.5", "1E2"));
      default -> j.raw("18446744073709551615");
    }
  }

  private void junkValue(Json j, int depth, boolean allowString) {
    int kinds = depth > 3 ? 4 : 6;
    switch (r.nextInt(kinds)) {
      case 0 -> j.raw(pick(HUGE_NUMBERS));
      case 1 -> j.raw(pick("true", "false", "null"));
      case 2 -> {
        if (allowString) {
          j.str(anyString());
        } else {
          j.raw(Long.toString(r.nextLong()));
        }
      }
      case 3 -> j.raw(Double.toString(r.nextGaussian() * 1e10));
      case 4 -> {
        j.open('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          junkValue(j, depth + 1, true);
        }
        j.close(']');
      }
      default -> {
        j.open();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          j.key("k" + i);
          junkValue(j, depth + 1, true);
        }
        j.close();
      }
    }
  }

  /** Unknown fields with junk values, sometimes: the server ignores them. */
  private void noise(Json j) {
    if (r.nextInt(3) == 0) {
      noiseAlways(j);
    }
  }

  private void noiseAlways(Json j) {
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      j.key("x_" + ascii(3) + i);
      junkValue(j, 0, true);
    }
  }

  /** A string for a URL: under the request line limit even when percent-encoded. */
  private String shortString() {
    String s = anyString();
    return s.length() > 1_000 ? s.substring(0, 1_000) : s;
  }

  /** Any string, now and then a long one (a long one in every input would cost much time). */
  String anyString() {
    int dice = r.nextInt(200);
    if (dice < 1) {
      return longText(1_000 + r.nextInt(20_000));
    }
    return switch (dice % 8) {
      case 0 -> pick(NASTY_STRINGS);
      case 1 -> ascii(r.nextInt(40));
      case 2 -> printable(r.nextInt(40));
      case 3 -> unicode(1 + r.nextInt(30));
      case 4 -> control(1 + r.nextInt(10));
      case 5 -> unicode(5) + pick("\ud800", "\udfff", "\ud83d") + ascii(3);
      case 6 -> Long.toString(r.nextLong());
      default -> ascii(3) + pick(NASTY_STRINGS) + ascii(3);
    };
  }

  private String messageText() {
    if (r.nextInt(25) == 0) {
      return longText(1 + r.nextInt(16_000));
    }
    return switch (r.nextInt(5)) {
      case 0 -> printable(1 + r.nextInt(200));
      case 1 -> unicode(1 + r.nextInt(100));
      case 2 -> control(1 + r.nextInt(20)) + "x";
      case 3 -> "\u0000";
      default -> pick(NASTY_STRINGS) + "m";
    };
  }

  private String longText(int length) {
    StringBuilder s = new StringBuilder(length);
    String alphabet = "abcdefghijklmnopqrstuvwxyz \"\\/\u00e9\u4e2d";
    while (s.length() < length) {
      s.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    s.setLength(length);
    return s.toString();
  }

  String ascii(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(CROCKFORD.charAt(r.nextInt(CROCKFORD.length())));
    }
    return s.toString();
  }

  private String printable(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) (0x21 + r.nextInt(0x5e)));
    }
    return s.toString();
  }

  private String unicode(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (r.nextInt(4)) {
        case 0 -> s.appendCodePoint(0x1F600 + r.nextInt(80));
        case 1 -> s.append((char) (0x0400 + r.nextInt(0x500)));
        case 2 -> s.append((char) (0x4e00 + r.nextInt(0x5000)));
        default -> s.append((char) (0xe000 + r.nextInt(0x1000)));
      }
    }
    return s.toString();
  }

  private String control(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) (r.nextBoolean() ? r.nextInt(0x20) : 0x7f + r.nextInt(0x21)));
    }
    return s.toString();
  }

  private String ulidLike() {
    return "01" + ascii(24);
  }

  /** An id that names nothing: never empty, never only dots (a path would lose the segment). */
  private String randomId() {
    String id =
        switch (r.nextInt(7)) {
          case 0, 1 -> ulidLike();
          case 2 -> printable(1 + r.nextInt(40));
          case 3 -> unicode(1 + r.nextInt(20));
          case 4 -> "x".repeat(65 + r.nextInt(900));
          case 5 -> realThread() + pick("x", "0", " ", "\u0000", "%");
          default -> pick(NASTY_STRINGS) + "-id";
        };
    return id.isEmpty() || id.chars().allMatch(c -> c == '.') ? "id" + id : id;
  }

  private String nonMember() {
    return r.nextBoolean() ? t.nonMemberUser() : randomId();
  }

  private String thread() {
    return r.nextInt(5) == 0 ? segment(randomId()) : realThread();
  }

  private String realThread() {
    return t.threads().get(r.nextInt(t.threads().size()));
  }

  private String realUser() {
    return t.users().get(r.nextInt(t.users().size()));
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  private String shuffleJoin(List<String> params) {
    java.util.Collections.shuffle(params, r);
    return String.join("&", params);
  }

  /** Percent-encodes everything but unreserved characters (a path segment or query value). */
  static String segment(String raw) {
    StringBuilder out = new StringBuilder();
    for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  private static String q(String raw) {
    return segment(raw);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String abbreviate(String s, int max) {
    return abbreviate(utf8(s), max);
  }

  /** Printable ASCII as is, every other byte as \xNN; at most {@code max} characters. */
  static String abbreviate(byte[] bytes, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bytes.length && out.length() < max; i++) {
      int c = bytes[i] & 0xFF;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append(String.format("\\x%02X", c));
      }
    }
    if (out.length() >= max) {
      out.setLength(max);
      out.append("...(").append(bytes.length).append(" bytes)");
    }
    return out.toString();
  }

  /**
   * A JSON writer that can also write what JSON forbids (raw bytes); strings are escaped, and
   * unpaired surrogates are written as \\u escapes so that they reach the server's parser.
   */
  final class Json {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Boolean> first = new ArrayList<>();
    private boolean afterKey;

    Json open() {
      return open('{');
    }

    Json open(char bracket) {
      comma();
      out.write(bracket);
      first.add(true);
      return this;
    }

    Json close() {
      return close('}');
    }

    Json close(char bracket) {
      out.write(bracket);
      first.removeLast();
      return this;
    }

    Json key(String name) {
      comma();
      writeString(name);
      out.write(':');
      afterKey = true;
      return this;
    }

    Json str(String value) {
      comma();
      writeString(value);
      return this;
    }

    /** A value written as is: a number literal, or text that is not valid JSON at all. */
    Json raw(String text) {
      return value(utf8(text));
    }

    Json value(byte[] b) {
      comma();
      out.writeBytes(b);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    /** A comma before a key or value that follows another in the same container. */
    private void comma() {
      if (afterKey) {
        afterKey = false;
        return;
      }
      if (!first.isEmpty()) {
        if (!first.getLast()) {
          out.write(',');
        }
        first.set(first.size() - 1, false);
      }
    }

    private void writeString(String s) {
      out.write('"');
      boolean escapeAll = r.nextInt(20) == 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          out.write('\\');
          out.write(c);
        } else if (c >= 0x20 && c < 0x80) {
          out.write(c);
        } else if (c < 0x20) {
          escape(c);
        } else if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (escapeAll) {
            escape(c);
            escape(s.charAt(i + 1));
          } else {
            out.writeBytes(utf8(s.substring(i, i + 2)));
          }
          i++;
        } else if (Character.isSurrogate(c) || (escapeAll && c > 0x7e)) {
          // An unpaired surrogate has no UTF-8 form: only an escape carries it to the server.
          escape(c);
        } else if (c < 0x800) {
          out.write(0xC0 | (c >> 6));
          out.write(0x80 | (c & 0x3F));
        } else {
          out.write(0xE0 | (c >> 12));
          out.write(0x80 | ((c >> 6) & 0x3F));
          out.write(0x80 | (c & 0x3F));
        }
      }
      out.write('"');
    }

    private void escape(char c) {
      out.write('\\');
      out.write('u');
      for (int shift = 12; shift >= 0; shift -= 4) {
        out.write(Character.forDigit((c >> shift) & 0xF, 16));
      }
    }
  }
}

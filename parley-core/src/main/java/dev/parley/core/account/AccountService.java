package dev.parley.core.account;

import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.error.Unauthorized;
import dev.parley.core.model.Credentials;
import dev.parley.core.model.Session;
import dev.parley.core.model.User;
import dev.parley.core.port.IdSource;
import dev.parley.core.port.PasswordHasher;
import dev.parley.core.port.TokenSource;
import dev.parley.core.realtime.Realtime;
import dev.parley.core.store.SessionStore;
import dev.parley.core.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts and sessions: register, log in and out, authenticate tokens, look users up. */
public final class AccountService {

  private final UserStore users;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final SessionCache cache;
  private final Realtime realtime;
  private final IdSource ids;
  private final TokenSource tokens;
  private final Clock clock;
  private final String dummyHash;

  public AccountService(
      UserStore users,
      SessionStore sessions,
      PasswordHasher hasher,
      LoginThrottle throttle,
      SessionCache cache,
      Realtime realtime,
      IdSource ids,
      TokenSource tokens,
      Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.throttle = throttle;
    this.cache = cache;
    this.realtime = realtime;
    this.ids = ids;
    this.tokens = tokens;
    this.clock = clock;
    // Verified against when the username is unknown, so that both failures cost the same time.
    this.dummyHash = hasher.hash("parley-dummy-password");
  }

  public User register(String rawUsername, String password, String rawDisplayName) {
    String username = AccountRules.username(rawUsername);
    AccountRules.password(password);
    String displayName = AccountRules.displayName(rawDisplayName, username);
    User user = new User(ids.next(), username, displayName, clock.instant(), null);
    users.insertUser(user, hasher.hash(password));
    return user;
  }

  /**
   * Opens a new session for one device; any wrong name or password is the same 401, and too many
   * attempts from one address or for one username the same 429.
   */
  public LoginResult login(
      String rawUsername, String password, String rawDeviceName, String clientAddress) {
    if (rawUsername == null || password == null) {
      throw new InvalidRequest("username and password are required");
    }
    throttle.check(clientAddress, rawUsername);
    String deviceName = AccountRules.deviceName(rawDeviceName);
    Optional<Credentials> found =
        users.findCredentials(rawUsername.toLowerCase(java.util.Locale.ROOT));
    String hash = found.map(Credentials::passwordHash).orElse(dummyHash);
    boolean matches = hasher.verify(password, hash);
    if (found.isEmpty() || !matches) {
      throw new Unauthorized("wrong username or password");
    }
    User user = found.get().user();
    String token = tokens.next();
    Instant now = clock.instant();
    Session session =
        new Session(TokenHash.of(token), user.id(), ids.next(), deviceName, now, now, null);
    sessions.insertSession(session);
    cache.put(session);
    return new LoginResult(token, user, session.deviceId());
  }

  /** The caller behind a bearer token; 401 for a missing, unknown or revoked one. */
  public Caller authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 256) {
      throw new Unauthorized("a valid bearer token is required");
    }
    String hash = TokenHash.of(token);
    Session session = cache.get(hash);
    if (session == null) {
      session = sessions.findSession(hash).orElseThrow(() -> new Unauthorized("unknown token"));
      cache.put(session);
    }
    if (session.revoked()) {
      throw new Unauthorized("the session has ended");
    }
    return new Caller(session.userId(), session.tokenHash(), session.deviceId());
  }

  /** Ends the caller's session at once and closes its WebSockets wherever they are. */
  public void logout(Caller caller) {
    // Revoke first: a check that races with this must not put the live session back in the cache.
    sessions.revokeSession(caller.sessionId(), clock.instant());
    cache.invalidate(caller.sessionId());
    realtime.sessionRevoked(caller.userId(), caller.sessionId());
  }

  /** Forgets a cached session that another node revoked. */
  public void forgetSession(String sessionId) {
    cache.invalidate(sessionId);
  }

  public User user(String id) {
    return users.findUser(id).orElseThrow(() -> new NotFound("no such user"));
  }

  public List<User> search(String prefix, int limit) {
    if (prefix == null || prefix.isEmpty()) {
      throw new InvalidRequest("q is required");
    }
    if (prefix.length() > 32) {
      return List.of();
    }
    return users.searchUsers(prefix.toLowerCase(java.util.Locale.ROOT), limit);
  }
}

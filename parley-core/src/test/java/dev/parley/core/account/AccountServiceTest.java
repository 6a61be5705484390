package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.Unauthorized;
import dev.parley.core.model.Session;
import dev.parley.core.port.EventEncoder;
import dev.parley.core.port.PasswordHasher;
import dev.parley.core.realtime.LocalChannelBus;
import dev.parley.core.realtime.Realtime;
import dev.parley.core.store.SessionStore;
import dev.parley.core.store.UserStore;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.PortStub;
import dev.parley.core.testing.SequentialIds;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Token checks: cached so that reconnect storms spare the store, dropped at once on logout. */
class AccountServiceTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final AtomicInteger lookups = new AtomicInteger();
  private final Map<String, Session> rows = new ConcurrentHashMap<>();
  private final SessionStore sessions =
      new SessionStore() {
        @Override
        public void insertSession(Session session) {
          rows.put(session.tokenHash(), session);
        }

        @Override
        public Optional<Session> findSession(String tokenHash) {
          lookups.incrementAndGet();
          return Optional.ofNullable(rows.get(tokenHash));
        }

        @Override
        public Optional<Session> revokeSession(String tokenHash, java.time.Instant at) {
          Session s = rows.get(tokenHash);
          rows.put(
              tokenHash,
              new Session(
                  s.tokenHash(),
                  s.userId(),
                  s.deviceId(),
                  s.deviceName(),
                  s.createdAt(),
                  s.lastUsedAt(),
                  at));
          return Optional.of(s);
        }
      };
  private final AccountService accounts =
      new AccountService(
          PortStub.of(UserStore.class, "none", args -> null),
          sessions,
          new PasswordHasher() {
            @Override
            public String hash(String password) {
              return "h:" + password;
            }

            @Override
            public boolean verify(String password, String hash) {
              return hash.equals("h:" + password);
            }
          },
          LoginThrottle.none(),
          new SessionCache(clock, Duration.ofSeconds(30), 1000),
          new Realtime(
              new LocalChannelBus((id, d) -> {}),
              PortStub.of(EventEncoder.class, "none", a -> null)),
          new SequentialIds("id"),
          () -> "token-1",
          clock);

  private String session() {
    Session s =
        new Session(
            TokenHash.of("token-1"), "u1", "d1", null, clock.instant(), clock.instant(), null);
    sessions.insertSession(s);
    return "token-1";
  }

  @Test
  void aReconnectStormCostsOneStoreLookup() {
    String token = session();
    for (int i = 0; i < 1000; i++) {
      assertThat(accounts.authenticate(token).userId()).isEqualTo("u1");
    }
    assertThat(lookups.get()).isEqualTo(1);
  }

  @Test
  void theCacheIsCheckedAgainAfterItsTtl() {
    String token = session();
    accounts.authenticate(token);
    clock.advance(Duration.ofSeconds(31));
    accounts.authenticate(token);
    assertThat(lookups.get()).isEqualTo(2);
  }

  @Test
  void logoutKillsTheTokenAtOnceDespiteTheCache() {
    String token = session();
    Caller caller = accounts.authenticate(token);
    accounts.logout(caller);
    assertThatThrownBy(() -> accounts.authenticate(token)).isInstanceOf(Unauthorized.class);
  }

  @Test
  void anotherNodesRevocationIsForgottenOnRequest() {
    String token = session();
    Caller caller = accounts.authenticate(token);
    sessions.revokeSession(caller.sessionId(), clock.instant());
    assertThat(accounts.authenticate(token).userId()).as("still cached").isEqualTo("u1");
    accounts.forgetSession(caller.sessionId());
    assertThatThrownBy(() -> accounts.authenticate(token)).isInstanceOf(Unauthorized.class);
  }

  @Test
  void storedTokensAreHashes() {
    assertThat(TokenHash.of("token-1")).hasSize(64).doesNotContain("token-1");
  }
}

package dev.parley.server.security;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.parley.core.error.Unavailable;
import dev.parley.core.port.PasswordHasher;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Argon2id (m=19 MiB, t=2, p=1, OWASP's minimum). A hash costs ~200 ms of one core, so only a few
 * run at once: a login storm waits here instead of starving everything else.
 */
public final class Argon2Hasher implements PasswordHasher {
  private final Argon2Function argon2;
  private final Semaphore permits;

  public Argon2Hasher(int memoryKiB, int iterations, int concurrency) {
    this.argon2 = Argon2Function.getInstance(memoryKiB, iterations, 1, 32, Argon2.ID);
    this.permits = new Semaphore(concurrency, true);
  }

  public static Argon2Hasher standard(int concurrency) {
    return new Argon2Hasher(19 * 1024, 2, concurrency);
  }

  @Override
  public String hash(String password) {
    return guarded(() -> Password.hash(password).addRandomSalt(16).with(argon2).getResult());
  }

  @Override
  public boolean verify(String password, String hash) {
    return guarded(() -> Password.check(password, hash).with(argon2));
  }

  private <T> T guarded(Supplier<T> work) {
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new Unavailable("too many logins at once, try again", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting to check a password", e);
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }
}

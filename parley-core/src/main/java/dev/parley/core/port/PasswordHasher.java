package dev.parley.core.port;

/** Slow, salted password hashing (Argon2id in production). */
public interface PasswordHasher {
  String hash(String password);

  boolean verify(String password, String hash);
}

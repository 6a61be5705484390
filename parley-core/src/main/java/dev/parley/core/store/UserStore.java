package dev.parley.core.store;

import dev.parley.core.model.Credentials;
import dev.parley.core.model.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Accounts. Usernames arrive lower-cased; the store keeps them unique. */
public interface UserStore {

  /**
   * Inserts a new user.
   *
   * @throws dev.parley.core.error.Conflict {@code username_taken} when the username exists
   */
  void insertUser(User user, String passwordHash);

  Optional<User> findUser(String id);

  Optional<Credentials> findCredentials(String username);

  /** The users of the given ids that exist, in no particular order. */
  List<User> findUsers(Collection<String> ids);

  /**
   * Users whose username starts with {@code prefix}, ascending by username, at most {@code limit}.
   */
  List<User> searchUsers(String prefix, int limit);

  /** Stores when the user was last seen; a value older than the stored one is ignored. */
  void updateLastSeen(String userId, Instant at);
}

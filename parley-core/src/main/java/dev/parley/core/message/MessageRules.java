package dev.parley.core.message;

import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.PayloadTooLarge;
import java.nio.charset.StandardCharsets;

/** API.md's limits: a body is 1 to 16384 bytes of UTF-8, a client_msg_id 1 to 64 characters. */
final class MessageRules {
  static final int MAX_BODY_BYTES = 16_384;
  static final int MAX_CLIENT_MSG_ID = 64;

  private MessageRules() {}

  static void body(String body) {
    if (body == null || body.isEmpty()) {
      throw new InvalidRequest("body must not be empty");
    }
    // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars): skip the count when
    // even the worst case fits.
    if (body.length() * 3 > MAX_BODY_BYTES
        && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw new PayloadTooLarge("body must be at most " + MAX_BODY_BYTES + " bytes of UTF-8");
    }
  }

  static void clientMsgId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_MSG_ID) {
      throw new InvalidRequest("client_msg_id must be 1 to " + MAX_CLIENT_MSG_ID + " characters");
    }
  }
}

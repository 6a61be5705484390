package dev.parley.core.store;

import dev.parley.core.model.Message;

/** A stored message, and whether this call stored it (false: a repeat of its client_msg_id). */
public record Appended(Message message, boolean created) {}

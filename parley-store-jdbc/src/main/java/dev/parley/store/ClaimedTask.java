package dev.parley.store;

import java.time.Instant;

/** A task row a worker has marked running; its payload is still the stored JSON. */
record ClaimedTask(String id, String kind, String payloadJson, int attempt, Instant createdAt) {}

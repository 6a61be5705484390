package dev.parley.core.task;

/** Counters of a queue for /metrics. */
public record QueueStats(long pending, long deadLettered, long completed, long retried) {}

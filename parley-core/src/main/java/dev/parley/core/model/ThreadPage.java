package dev.parley.core.model;

import java.util.List;

/** A page of the thread list, most recent activity first; {@code nextBefore} is null at the end. */
public record ThreadPage(List<ThreadSummary> threads, String nextBefore) {}

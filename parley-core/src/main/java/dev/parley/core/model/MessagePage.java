package dev.parley.core.model;

import java.util.List;

/** Messages in ascending seq, and whether more exist beyond the page in the paging direction. */
public record MessagePage(List<Message> messages, boolean hasMore) {}

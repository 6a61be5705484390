package dev.parley.core.store;

/** A member's read pointer after a read, and whether the read moved it. */
public record ReadMove(long lastReadSeq, boolean moved) {}

package dev.parley.core.model;

/** A member's role in a thread: the owner of a group may remove others. */
public enum Role {
  OWNER,
  MEMBER
}

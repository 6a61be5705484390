package dev.parley.core.thread;

import java.util.List;

/** The human text of system messages. */
final class SystemText {
  private SystemText() {}

  static String created(String actor, String title) {
    return actor + " created the group \"" + title + "\"";
  }

  static String renamed(String actor, String title) {
    return actor + " renamed the group to \"" + title + "\"";
  }

  static String added(String actor, List<String> names) {
    return actor + " added " + String.join(", ", names);
  }

  static String removed(String actor, String name) {
    return actor + " removed " + name;
  }

  static String left(String name) {
    return name + " left";
  }
}

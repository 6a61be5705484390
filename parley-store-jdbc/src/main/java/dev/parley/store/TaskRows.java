package dev.parley.store;

import dev.parley.core.task.TaskRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks table of the embedded queue. A row is pending (waiting for {@code run_after}), running
 * (claimed by a worker) or dead; a finished task is deleted.
 */
final class TaskRows {
  private final PayloadJson json = new PayloadJson();

  /** Stores new pending tasks due at {@code now}; a task whose id is already stored is skipped. */
  void insert(Connection c, List<TaskRequest> tasks, Instant now) throws SQLException {
    for (TaskRequest t : tasks) {
      Sql.of(
              c,
              """
              INSERT INTO tasks (id, kind, payload, attempts, run_after, status, created_at,
                                 updated_at)
              VALUES (?, ?, ?, 0, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING""",
              t.id(),
              t.kind(),
              json.write(t.payload()),
              now,
              now,
              now)
          .update();
    }
  }

  /**
   * Marks the task due first as running and counts the attempt. The outer {@code status} test makes
   * two claimers of one row (possible in PostgreSQL) get it once.
   */
  Optional<ClaimedTask> claim(Connection c, Instant now) throws SQLException {
    return Sql.of(
            c,
            """
            UPDATE tasks SET status = 'running', attempts = attempts + 1, updated_at = ?
            WHERE status = 'pending' AND id = (
              SELECT id FROM tasks WHERE status = 'pending' AND run_after <= ?
              ORDER BY run_after, id LIMIT 1)
            RETURNING id, kind, payload, attempts, created_at""",
            now,
            now)
        .first(
            r ->
                new ClaimedTask(
                    r.text("id"),
                    r.text("kind"),
                    r.text("payload"),
                    r.int32("attempts"),
                    r.instant("created_at")));
  }

  Map<String, String> payload(ClaimedTask task) {
    return json.read(task.payloadJson());
  }

  int delete(Connection c, String id) throws SQLException {
    return Sql.of(c, "DELETE FROM tasks WHERE id = ?", id).update();
  }

  int retryAt(Connection c, String id, Instant runAfter, String error, Instant now)
      throws SQLException {
    return Sql.of(
            c,
            """
            UPDATE tasks SET status = 'pending', run_after = ?, last_error = ?, updated_at = ?
            WHERE id = ?""",
            runAfter,
            error,
            now,
            id)
        .update();
  }

  int bury(Connection c, String id, String error, Instant now) throws SQLException {
    return Sql.of(
            c,
            "UPDATE tasks SET status = 'dead', last_error = ?, updated_at = ? WHERE id = ?",
            error,
            now,
            id)
        .update();
  }

  /** Puts tasks that a stopped process left running back in line; returns how many. */
  int requeueRunning(Connection c, Instant now) throws SQLException {
    return Sql.of(
            c, "UPDATE tasks SET status = 'pending', updated_at = ? WHERE status = 'running'", now)
        .update();
  }

  long count(Connection c, String status) throws SQLException {
    return Sql.of(c, "SELECT COUNT(*) AS n FROM tasks WHERE status = ?", status)
        .first(r -> r.int64("n"))
        .orElse(0L);
  }
}

package dev.parley.store;

import dev.parley.core.task.TaskRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The tasks table of the durable queue. A row is pending (waiting for {@code run_after}), running
 * (claimed by a worker) or dead; a finished task is deleted.
 */
final class TaskRows {
  /**
   * Where processes share the table, how long a claim holds: a task still running after this is
   * taken to be lost with its process and is claimed again. Tasks are bounded calls (webhooks, push
   * services), far shorter than this.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  private static final String CLAIMED = "id, kind, payload, attempts, created_at, run_after";
  private static final RowMapper<Due> DUE =
      r ->
          new Due(
              new ClaimedTask(
                  r.text("id"),
                  r.text("kind"),
                  r.text("payload"),
                  r.int32("attempts"),
                  r.instant("created_at")),
              r.int64("run_after"));

  private final PayloadJson json = new PayloadJson();
  private final Dialect dialect;

  TaskRows(Dialect dialect) {
    this.dialect = dialect;
  }

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
   * Marks up to {@code limit} due tasks, the earliest first, as running and counts their attempt.
   * Where processes share the table, the choice skips rows other claimers hold, and a running task
   * whose {@link #CLAIM_LEASE} ran out is due again, before the pending ones: its process died (a
   * process alone with its table recovers at start). Both choices follow an index, so a claim costs
   * the same whatever the backlog. Returned in the order they came due.
   */
  List<ClaimedTask> claim(Connection c, Instant now, int limit) throws SQLException {
    List<Due> due = new ArrayList<>();
    if (dialect.shared()) {
      due.addAll(
          Sql.of(
                  c,
                  """
                  UPDATE tasks SET attempts = attempts + 1, updated_at = ?
                  WHERE id IN (
                    SELECT id FROM tasks WHERE status = 'running' AND updated_at <= ?
                    ORDER BY updated_at, id LIMIT ?"""
                      + dialect.claimRows()
                      + ") RETURNING "
                      + CLAIMED,
                  now,
                  now.minus(CLAIM_LEASE),
                  limit)
              .list(DUE));
    }
    if (due.size() < limit) {
      due.addAll(
          Sql.of(
                  c,
                  """
                  UPDATE tasks SET status = 'running', attempts = attempts + 1, updated_at = ?
                  WHERE id IN (
                    SELECT id FROM tasks WHERE status = 'pending' AND run_after <= ?
                    ORDER BY run_after, id LIMIT ?"""
                      + dialect.claimRows()
                      + ") RETURNING "
                      + CLAIMED,
                  now,
                  now,
                  limit - due.size())
              .list(DUE));
    }
    return due.stream().sorted(Due.ORDER).map(Due::task).toList();
  }

  /** A claimed task and when it came due: RETURNING gives rows in no particular order. */
  private record Due(ClaimedTask task, long runAfter) {
    static final Comparator<Due> ORDER =
        Comparator.comparingLong(Due::runAfter).thenComparing(d -> d.task().id());
  }

  Map<String, String> payload(ClaimedTask task) {
    return json.read(task.payloadJson());
  }

  // The outcome of an attempt is recorded only while the row is still that attempt's: after a lost
  // claim was taken over, the late first worker must not overwrite the second one's state.

  int delete(Connection c, ClaimedTask task) throws SQLException {
    return Sql.of(
            c,
            "DELETE FROM tasks WHERE id = ? AND status = 'running' AND attempts = ?",
            task.id(),
            task.attempt())
        .update();
  }

  /** Puts a claimed task that was not started back in line, its claim not counted as an attempt. */
  int unclaim(Connection c, ClaimedTask task, Instant now) throws SQLException {
    return Sql.of(
            c,
            """
            UPDATE tasks SET status = 'pending', attempts = attempts - 1, updated_at = ?
            WHERE id = ? AND status = 'running' AND attempts = ?""",
            now,
            task.id(),
            task.attempt())
        .update();
  }

  int retryAt(Connection c, ClaimedTask task, Instant runAfter, String error, Instant now)
      throws SQLException {
    return Sql.of(
            c,
            """
            UPDATE tasks SET status = 'pending', run_after = ?, last_error = ?, updated_at = ?
            WHERE id = ? AND status = 'running' AND attempts = ?""",
            runAfter,
            error,
            now,
            task.id(),
            task.attempt())
        .update();
  }

  int bury(Connection c, ClaimedTask task, String error, Instant now) throws SQLException {
    return Sql.of(
            c,
            """
            UPDATE tasks SET status = 'dead', last_error = ?, updated_at = ?
            WHERE id = ? AND status = 'running' AND attempts = ?""",
            error,
            now,
            task.id(),
            task.attempt())
        .update();
  }

  /**
   * Puts tasks that a stopped process left running back in line; returns how many. Only for a
   * process alone with its table: where processes share it, running tasks may be another's.
   */
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

-- A claim takes the due tasks in (run_after, id) order. With the id in the index that order is the
-- index's own, so a claim reads only the rows it takes instead of sorting every due task.
DROP INDEX tasks_due;
CREATE INDEX tasks_due ON tasks (status, run_after, id);

-- Claims whose lease ran out (their node died) are looked for first, in their own small index.
CREATE INDEX tasks_claimed ON tasks (updated_at, id) WHERE status = 'running';

-- A claim takes the due tasks in (run_after, id) order. With the id in the index that order is the
-- index's own, so a claim reads only the rows it takes; before, it sorted every due task, and a
-- backlog of 100,000 tasks made each claim (on the one writer) slower than the sends behind it.
DROP INDEX tasks_due;
CREATE INDEX tasks_due ON tasks (status, run_after, id);

package dev.parley.server.app;

import dev.parley.core.store.Store;
import dev.parley.core.task.TaskQueue;

/** The durable half of a node: its store and its task queue. */
public record Backend(Store store, TaskQueue queue) {}

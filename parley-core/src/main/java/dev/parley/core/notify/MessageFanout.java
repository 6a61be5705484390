package dev.parley.core.notify;

import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.port.ConnectedUsers;
import dev.parley.core.store.Store;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskQueue;
import dev.parley.core.task.TaskRequest;
import dev.parley.core.task.TaskResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds who must be notified of a message: members other than the sender, who joined before it,
 * have not muted the thread and have no open WebSocket. The first chunk of members is handled at
 * once, the others become tasks of their own.
 */
public final class MessageFanout {

  private final Store store;
  private final TaskQueue queue;
  private final ConnectedUsers connected;
  private final int chunkSize;

  public MessageFanout(Store store, TaskQueue queue, ConnectedUsers connected, int chunkSize) {
    this.store = store;
    this.queue = queue;
    this.connected = connected;
    this.chunkSize = chunkSize;
  }

  public TaskResult fanout(Task task) {
    String threadId = task.require("thread_id");
    List<String> first = store.memberIds(threadId, null, chunkSize);
    List<TaskRequest> chunks = new ArrayList<>();
    List<String> page = first;
    while (page.size() == chunkSize) {
      page = store.memberIds(threadId, page.getLast(), chunkSize);
      if (!page.isEmpty()) {
        chunks.add(NotificationTasks.members(task, chunks.size() + 1, page));
      }
    }
    if (!chunks.isEmpty()) {
      queue.enqueue(chunks);
    }
    notifyMembers(task, first);
    return TaskResult.DONE;
  }

  public TaskResult members(Task task) {
    notifyMembers(task, Arrays.asList(task.require("user_ids").split(",")));
    return TaskResult.DONE;
  }

  /**
   * Who is connected is asked first: in the common case everyone is, and the message and the
   * members' rows are not read at all.
   */
  private void notifyMembers(Task task, List<String> userIds) {
    String senderId = task.require("sender_id");
    List<String> unconnected =
        userIds.stream().filter(id -> !id.equals(senderId) && !connected.isConnected(id)).toList();
    if (unconnected.isEmpty()) {
      return;
    }
    Optional<Message> message =
        store.findMessage(task.require("thread_id"), Long.parseLong(task.require("seq")));
    if (message.isEmpty()) {
      return;
    }
    List<String> offline = new ArrayList<>();
    for (Member member : store.findMembers(message.get().threadId(), unconnected)) {
      if (needsNotification(message.get(), member)) {
        offline.add(member.userId());
      }
    }
    if (offline.isEmpty()) {
      return;
    }
    List<TaskRequest> deliveries = new ArrayList<>();
    for (Device device : store.devicesOf(offline)) {
      deliveries.add(NotificationTasks.deliver(message.get(), device));
    }
    if (!deliveries.isEmpty()) {
      queue.enqueue(deliveries);
    }
  }

  private boolean needsNotification(Message message, Member member) {
    return !member.userId().equals(message.senderId())
        && !member.muted()
        && member.joinedSeq() <= message.seq()
        && member.lastReadSeq() < message.seq();
  }
}

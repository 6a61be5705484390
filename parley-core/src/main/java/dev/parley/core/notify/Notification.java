package dev.parley.core.notify;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Message;

/**
 * What an offline member is told about a new message: the message, its thread, who sent it, and the
 * member's unread count in that thread.
 */
public record Notification(
    String userId, ChatThread thread, Message message, String senderName, long unreadCount) {}

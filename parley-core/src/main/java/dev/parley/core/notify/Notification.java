package dev.parley.core.notify;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Message;

/**
 * What an offline member is told about a new message: the message, its thread, who sent it, the
 * member's unread count in that thread, and its unread count across all its threads ({@code badge},
 * the number an app shows on its icon).
 */
public record Notification(
    String userId,
    ChatThread thread,
    Message message,
    String senderName,
    long unreadCount,
    long badge) {}

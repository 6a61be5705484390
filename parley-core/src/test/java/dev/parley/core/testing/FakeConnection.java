package dev.parley.core.testing;

import dev.parley.core.realtime.Connection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection that records the frames written to it and how it was closed; thread-safe. */
public final class FakeConnection implements Connection {
  private final String id;
  private final String userId;
  private final String sessionId;
  public final List<byte[]> frames = new CopyOnWriteArrayList<>();
  public volatile Integer closedWith;

  public FakeConnection(String id, String userId, String sessionId) {
    this.id = id;
    this.userId = userId;
    this.sessionId = sessionId;
  }

  public List<String> texts() {
    return frames.stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String userId() {
    return userId;
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public void send(byte[] frame) {
    frames.add(frame);
  }

  @Override
  public void close(int code, String reason) {
    closedWith = code;
  }
}

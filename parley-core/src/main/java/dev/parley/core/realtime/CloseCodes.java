package dev.parley.core.realtime;

/** The WebSocket close codes of API.md. */
public final class CloseCodes {
  private CloseCodes() {}

  public static final int GOING_AWAY = 1001;
  public static final int POLICY = 1008;
  public static final int TOO_BIG = 1009;
  public static final int TRY_AGAIN_LATER = 1013;
}

package dev.parley.server.app;

import dev.parley.core.model.Platform;
import dev.parley.core.port.Notifier;
import dev.parley.push.ApnsNotifier;
import dev.parley.push.FcmNotifier;
import dev.parley.push.WebhookNotifier;
import dev.parley.push.WebhookSigner;
import dev.parley.server.config.PushSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.json.JsonEventEncoder;
import dev.parley.server.ops.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification senders of a node: the webhook always, APNs and FCM when configured, each
 * counted by the metrics. Devices may register only for these platforms.
 */
public final class Notifiers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifiers.class);

  private final List<Notifier> senders;
  private final List<AutoCloseable> owned;

  private Notifiers(List<Notifier> senders, List<AutoCloseable> owned) {
    this.senders = List.copyOf(senders);
    this.owned = List.copyOf(owned);
  }

  /**
   * Builds the configured senders; nothing connects yet.
   *
   * @throws IllegalArgumentException when a key or service-account file cannot be read
   */
  static Notifiers open(
      ServerConfig config, JsonEventEncoder encoder, Clock clock, Metrics metrics) {
    PushSettings push = config.push();
    List<Notifier> senders = new ArrayList<>();
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      WebhookSigner signer = new WebhookSigner(WebhookSecret.resolve(push, config.dataDir()));
      WebhookNotifier webhook =
          new WebhookNotifier(encoder::webhook, signer, config.tasks().webhookTimeout(), clock);
      owned.add(webhook);
      senders.add(metrics.instrument(webhook));
      if (push.apns().enabled()) {
        PushSettings.Apns apns = push.apns();
        ApnsNotifier notifier =
            ApnsNotifier.create(
                new ApnsNotifier.Config(
                    apns.keyFile(),
                    apns.keyId(),
                    apns.teamId(),
                    apns.topic(),
                    apns.effectiveHost(),
                    apns.port(),
                    apns.caFile(),
                    push.timeout()),
                clock);
        owned.add(notifier);
        senders.add(metrics.instrument(notifier));
        log.info("APNs notifications on {}:{}", apns.effectiveHost(), apns.port());
      }
      if (push.fcm().enabled()) {
        PushSettings.Fcm fcm = push.fcm();
        FcmNotifier notifier =
            FcmNotifier.create(
                new FcmNotifier.Config(
                    fcm.projectId(),
                    fcm.serviceAccountFile(),
                    fcm.endpoint(),
                    fcm.tokenUri(),
                    push.timeout()),
                clock);
        owned.add(notifier);
        senders.add(metrics.instrument(notifier));
        log.info("FCM notifications for project {} via {}", fcm.projectId(), fcm.endpoint());
      }
      return new Notifiers(senders, owned);
    } catch (RuntimeException e) {
      new Notifiers(senders, owned).close();
      throw e;
    }
  }

  public List<Notifier> senders() {
    return senders;
  }

  /** The platforms a device may register for. */
  public Set<Platform> platforms() {
    Set<Platform> platforms = EnumSet.noneOf(Platform.class);
    senders.forEach(s -> platforms.add(s.platform()));
    return platforms;
  }

  @Override
  public void close() {
    for (AutoCloseable sender : owned) {
      try {
        sender.close();
      } catch (Exception e) {
        log.warn("closing a notification sender failed: {}", e.toString());
      }
    }
  }
}

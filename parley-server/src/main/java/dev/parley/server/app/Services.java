package dev.parley.server.app;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.LoginThrottle;
import dev.parley.core.account.SecureTokens;
import dev.parley.core.account.SessionCache;
import dev.parley.core.device.DeviceService;
import dev.parley.core.limit.RateLimiter;
import dev.parley.core.message.MessageService;
import dev.parley.core.notify.DeviceDelivery;
import dev.parley.core.notify.MessageFanout;
import dev.parley.core.notify.NotificationTasks;
import dev.parley.core.port.IdSource;
import dev.parley.core.port.PasswordHasher;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.realtime.ChannelBus;
import dev.parley.core.realtime.PushService;
import dev.parley.core.realtime.Realtime;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.TaskRouter;
import dev.parley.core.thread.ThreadEvents;
import dev.parley.core.thread.ThreadRules;
import dev.parley.core.thread.ThreadService;
import dev.parley.server.config.Limits;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
import dev.parley.server.json.JsonEventEncoder;
import dev.parley.server.ops.Metrics;
import java.time.Clock;

/** The core services of one node, wired by plain constructors. */
public record Services(
    Backend backend,
    AccountService accounts,
    ThreadService threads,
    MessageService messages,
    PresenceService presence,
    DeviceService devices,
    PushService push,
    TaskRouter tasks,
    Notifiers notifiers) {

  private static final int FANOUT_CHUNK = 500;

  public static Services wire(
      Backend backend,
      ServerConfig config,
      Clock clock,
      IdSource ids,
      PasswordHasher hasher,
      Metrics metrics,
      Notifiers notifiers) {
    var store = backend.store();
    Fabric fabric = backend.fabric();
    PresenceService presence =
        new PresenceService(fabric.presence(), store, clock, config.onlineTimeout());
    PushService push = new PushService(store, presence, fabric.connectionListener());
    ChannelBus bus = fabric.bus(push);
    push.attach(bus);
    JsonEventEncoder encoder = new JsonEventEncoder();
    Realtime realtime = new Realtime(bus, encoder);
    SessionCache cache = new SessionCache(clock, config.sessionCacheTtl(), 100_000);
    Limits limits = config.limits();
    LoginThrottle throttle =
        new LoginThrottle(
            RateLimiter.perMinute(clock, limits.loginsPerMinutePerIp(), "login attempts"),
            RateLimiter.perMinute(clock, limits.loginsPerMinutePerUsername(), "login attempts"));
    AccountService accounts =
        new AccountService(
            store, store, hasher, throttle, cache, realtime, ids, new SecureTokens(), clock);
    ThreadRules rules = new ThreadRules(limits.maxGroupMembers(), 100, 64);
    ThreadService threads =
        new ThreadService(store, new ThreadEvents(store, realtime), rules, ids, clock);
    RateLimiter sends =
        new RateLimiter(clock, limits.sendsPerSecond(), limits.sendBurst(), 100_000, "messages");
    MessageService messages = new MessageService(store, realtime, ids, clock, metrics, sends);
    DeviceService devices = new DeviceService(store, notifiers.platforms(), ids, clock);
    MessageFanout fanout =
        new MessageFanout(
            store, backend.queues().queue(), fabric.connectedUsers(push), FANOUT_CHUNK);
    TaskSettings settings = config.tasks();
    DeviceDelivery delivery =
        new DeviceDelivery(
            store,
            notifiers.senders(),
            new RetryPolicy(settings.maxAttempts(), settings.retryBase(), settings.retryMax()),
            metrics);
    TaskRouter tasks =
        new TaskRouter()
            .route(NotificationTasks.FANOUT, fanout::fanout)
            .route(NotificationTasks.MEMBERS, fanout::members)
            .route(NotificationTasks.DELIVER, delivery::deliver);
    push.listen(accounts::forgetSession);
    return new Services(
        backend, accounts, threads, messages, presence, devices, push, tasks, notifiers);
  }
}

package dev.parley.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class UpgradeLeftoversTest {
  @Test
  void thisVertxHasTheFieldThatKeepsTheUpgradeRequest() {
    // Fails on a Vert.x upgrade that renamed it: look again at where the HTTP exchange is kept.
    assertThat(UpgradeLeftovers.active()).isTrue();
  }

  @Test
  void releasingDropsTheFunctionThatCreatedTheConnection() throws Exception {
    VertxHandler<VertxConnection> handler = VertxHandler.create(ctx -> null);
    EmbeddedChannel channel = new EmbeddedChannel(handler);

    UpgradeLeftovers.release(channel);

    Field factory = VertxHandler.class.getDeclaredField("connectionFactory");
    factory.setAccessible(true);
    assertThat(factory.get(handler)).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void aChannelWithoutTheHandlerIsLeftAlone() {
    EmbeddedChannel channel = new EmbeddedChannel();

    UpgradeLeftovers.release(channel);

    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }
}

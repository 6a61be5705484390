package dev.parley.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class SocketMemoryTest {
  @Test
  void thisVertxHasTheFieldsThatHoldTheMemory() {
    // Fails on a Vert.x upgrade that reshaped them: look again at what an idle socket keeps.
    assertThat(SocketMemory.active()).isTrue();
  }

  @Test
  void trimmingDropsTheFunctionThatCreatedTheConnection() throws Exception {
    VertxHandler<VertxConnection> handler = VertxHandler.create(ctx -> null);
    EmbeddedChannel channel = new EmbeddedChannel(handler);

    SocketMemory.trim(channel);

    Field factory = VertxHandler.class.getDeclaredField("connectionFactory");
    factory.setAccessible(true);
    assertThat(factory.get(handler)).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void aChannelWithoutTheHandlerIsLeftAlone() {
    EmbeddedChannel channel = new EmbeddedChannel();

    SocketMemory.trim(channel);

    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }
}

package dev.parley.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClientsTest {

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @Test
  void namesAreNamespaced() {
    RedisClients node = redis.node();
    assertThat(node.name("t:1")).isEqualTo(redis.namespace() + ":t:1");
    assertThat(node.isConnected()).isTrue();
    node.close();
    assertThat(node.isConnected()).isFalse();
  }

  @Test
  void aNamespaceThatCouldCollideIsRefused() {
    for (String bad : new String[] {"", "a:b", "a b", "x".repeat(65), "a*"}) {
      assertThatThrownBy(() -> redis.node(RedisExtension.URL, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("namespace");
    }
  }

  @Test
  void anUnreachableRedisFailsAtOnceNamingWhere() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "redis://:secret@127.0.0.1:" + port;
    assertThatThrownBy(() -> redis.node(url, "ns"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> redis.node("http://nowhere", "ns"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

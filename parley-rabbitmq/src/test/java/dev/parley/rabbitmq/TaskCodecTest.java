package dev.parley.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCodecTest {
  private final Task task =
      new Task(
          "t1",
          "notify",
          Map.of("thread", "T", "seq", "4"),
          3,
          Instant.parse("2026-03-01T10:00:00.123Z"));

  @Test
  void roundTrips() throws IOException {
    assertThat(TaskCodec.decode(TaskCodec.encode(task))).isEqualTo(task);
  }

  @Test
  void bodyIsTheDocumentedJson() {
    assertThat(new String(TaskCodec.encode(task), StandardCharsets.UTF_8))
        .startsWith("{\"id\":\"t1\",\"kind\":\"notify\",\"payload\":{")
        .endsWith(",\"attempt\":3,\"created_at\":\"2026-03-01T10:00:00.123Z\"}");
  }

  @Test
  void propertiesArePersistentWithTheTaskId() {
    var props = TaskCodec.properties(task, Map.of(TaskCodec.DUE, 42L));
    assertThat(props.getDeliveryMode()).isEqualTo(2);
    assertThat(props.getMessageId()).isEqualTo("t1");
    assertThat(TaskCodec.due(props)).contains(Instant.ofEpochMilli(42));
    assertThat(TaskCodec.due(TaskCodec.properties(task, Map.of()))).isEmpty();
  }

  @Test
  void refusesWhatIsNotATask() {
    for (String body :
        new String[] {
          "[]",
          "{}",
          "not json",
          "{\"id\":\"t1\",\"kind\":\"k\",\"payload\":{\"a\":1},\"attempt\":1,\"created_at\":\"2026-03-01T10:00:00Z\"}",
          "{\"id\":\"t1\",\"kind\":\"k\",\"payload\":{},\"attempt\":0,\"created_at\":\"2026-03-01T10:00:00Z\"}",
          "{\"id\":\"t1\",\"kind\":\"k\",\"payload\":{},\"attempt\":1,\"created_at\":\"yesterday\"}"
        }) {
      assertThatThrownBy(() -> TaskCodec.decode(body.getBytes(StandardCharsets.UTF_8)))
          .as(body)
          .isInstanceOf(IOException.class);
    }
  }
}

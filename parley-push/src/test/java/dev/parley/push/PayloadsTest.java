package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.push.testing.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON that APNs and FCM get, built from one notification. */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void apnsPayloadHasTheAlertTheTotalBadgeTheThreadAndParleysKeys() throws Exception {
    JsonNode payload = JSON.readTree(ApnsPayload.of(Samples.group("lunch at noon?")));

    assertThat(payload)
        .isEqualTo(
            JSON.readTree(
                """
                {"aps": {"alert": {"title": "Team", "body": "Bob: lunch at noon?"},
                         "badge": 9, "sound": "default", "thread-id": "%s"},
                 "thread_id": "%s", "message_id": "01m908wp1thm8hee7qv4ysr5s5", "seq": 12}
                """
                    .formatted(Samples.THREAD_ID, Samples.THREAD_ID)));
  }

  @Test
  void apnsPayloadOfALongMessageStaysFarBelowApnsLimit() {
    String payload = ApnsPayload.of(Samples.direct("\uD83D\uDE00".repeat(5000)));

    assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
  }

  @Test
  void fcmMessageHasTokenNotificationStringDataAndCollapsesPerThread() throws Exception {
    JsonNode body = JSON.readTree(FcmMessage.of("tok:APA91b-x_y", Samples.direct("are we on?")));

    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                """
                {"message": {
                  "token": "tok:APA91b-x_y",
                  "notification": {"title": "Bob", "body": "are we on?"},
                  "data": {"thread_id": "%1$s", "message_id": "01m908wp1thm8hee7qv4ysr5s4",
                           "seq": "7", "badge": "5"},
                  "android": {"collapse_key": "%1$s", "priority": "HIGH",
                              "notification": {"tag": "%1$s", "notification_count": 5}},
                  "apns": {"headers": {"apns-collapse-id": "%1$s"},
                           "payload": {"aps": {"badge": 5, "sound": "default",
                                               "thread-id": "%1$s"}}}}}
                """
                    .formatted(Samples.THREAD_ID)));
  }

  @Test
  void fcmDataValuesAreAllStrings() throws Exception {
    JsonNode data = JSON.readTree(FcmMessage.of("t", Samples.group("x"))).at("/message/data");

    data.properties().forEach(e -> assertThat(e.getValue().isTextual()).isTrue());
  }
}

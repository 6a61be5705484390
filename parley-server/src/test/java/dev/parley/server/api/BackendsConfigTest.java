package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.Main;
import dev.parley.server.config.Backends;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Configurations that cannot work are refused before anything starts, saying why. */
class BackendsConfigTest {

  @Test
  void aSharedStoreWithLocalChannelsIsRefusedWithoutSingleNode() {
    assertThatThrownBy(
            () ->
                new Backends(
                    "postgres",
                    "jdbc:postgresql://x/y",
                    null,
                    "local",
                    null,
                    "embedded",
                    null,
                    "p",
                    false))
        .hasMessageContaining("--single-node")
        .hasMessageContaining("--bus redis");
    assertThat(
            new Backends(
                    "postgres",
                    "jdbc:postgresql://x/y",
                    null,
                    "local",
                    null,
                    "embedded",
                    null,
                    "p",
                    true)
                .isPostgres())
        .isTrue();
  }

  @Test
  void eachBackendNeedsItsUrl() {
    assertThatThrownBy(
            () ->
                new Backends(
                    "postgres", null, null, "redis", "redis://r", "embedded", null, "p", false))
        .hasMessageContaining("--db-url");
    assertThatThrownBy(
            () -> new Backends("sqlite", null, null, "redis", null, "embedded", null, "p", false))
        .hasMessageContaining("--redis-url");
    assertThatThrownBy(
            () -> new Backends("sqlite", null, null, "local", null, "rabbitmq", null, "p", false))
        .hasMessageContaining("--amqp-url");
    assertThatThrownBy(
            () -> new Backends("mysql", null, null, "local", null, "embedded", null, "p", false))
        .hasMessageContaining("--store");
    assertThatThrownBy(
            () -> new Backends("sqlite", null, null, "local", null, "embedded", null, "a:b", false))
        .hasMessageContaining("--namespace");
  }

  @Test
  void theCommandLineRefusesAndSaysWhy() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("parley: " + e.getMessage());
          return 1;
        });
    int code = cli.execute("serve", "--store=postgres", "--db-url=jdbc:postgresql://127.0.0.1:1/x");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--single-node");
  }
}

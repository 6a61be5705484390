package dev.parley.server.web;

import static dev.parley.server.web.BrowserSession.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The web client in real Chromium: three independent browsers (alice, bob, carol) against a real
 * node. Screenshots of the key steps go to target/screenshots for a person to look at.
 */
class WebClientBrowserTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String XSS = "<img src=x onerror=alert(1)>";

  @TempDir Path data;
  @TempDir Path profiles;

  @Test
  void threePeopleChatInRealBrowsers() throws Exception {
    BrowserSession.requireChromium();
    try (TestServer server = new TestServer(data)) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      List<BrowserSession> browsers = openBrowsers("alice", "bob", "carol");
      try {
        new Scenario(server, url, browsers.get(0), browsers.get(1), browsers.get(2)).run();
        for (BrowserSession b : browsers) {
          assertThat(b.console())
              .as("%s's page logged no script error and no CSP violation", b.name())
              .noneMatch(line -> line.contains("Uncaught") || line.contains("Content Security"));
        }
      } catch (Throwable failure) {
        for (BrowserSession b : browsers) {
          try {
            b.screenshot("failure-" + b.name());
            System.err.println(b.name() + "'s console:\n  " + String.join("\n  ", b.console()));
          } catch (RuntimeException e) {
            failure.addSuppressed(e);
          }
        }
        throw failure;
      } finally {
        for (BrowserSession b : browsers) {
          b.close();
        }
      }
    }
  }

  /** Starts the browsers side by side: each takes a second or two. */
  private List<BrowserSession> openBrowsers(String... names) {
    List<CompletableFuture<BrowserSession>> starting = new ArrayList<>();
    for (String name : names) {
      Path profile = profiles.resolve(name);
      starting.add(
          CompletableFuture.supplyAsync(() -> BrowserSession.open(name, profile, 1280, 800)));
    }
    List<BrowserSession> open = new ArrayList<>();
    RuntimeException failed = null;
    for (CompletableFuture<BrowserSession> f : starting) {
      try {
        open.add(f.join());
      } catch (RuntimeException e) {
        failed = e;
      }
    }
    if (failed != null) {
      open.forEach(BrowserSession::close);
      throw failed;
    }
    return open;
  }

  private record Scenario(
      TestServer server,
      String url,
      BrowserSession alice,
      BrowserSession bob,
      BrowserSession carol) {

    void run() {
      alice.go(url);
      alice.find(byTestId("auth-username"));
      alice.screenshot("01-login");
      alice.register(url, "alice", "Alice", PASSWORD);
      bob.register(url, "bob", "Bob", PASSWORD);
      carol.register(url, "carol", "Carol", PASSWORD);

      String direct = directChat();
      escaping();
      group();
      groupSettings();
      narrowScreen(direct);
      restart(direct);
      reloadAndScrollBack(direct);
      twoTabs(direct);
      logout();
    }

    /** Alice finds bob, they write both ways; unread, typing and "seen" work. */
    String directChat() {
      alice.click(byTestId("new-chat"));
      alice.type(byTestId("user-search"), "bo");
      alice.click("[data-testid='user-result'][data-username='bob']");
      alice.untilText(byTestId("thread-title"), "Bob");
      String direct = threadIdOf(alice);

      alice.type(byTestId("composer"), "Hi Bob! Lunch today?", Keys.ENTER);
      alice.untilText(byTestId("message-body"), "Hi Bob! Lunch today?");
      alice.find("[data-testid='message'][data-mine='true'] [data-status='sent']");

      String badge = "[data-thread-id='" + direct + "'] " + byTestId("unread-badge");
      bob.untilText(badge, "1");
      assertThat(bob.find(badge).isDisplayed()).isTrue();
      bob.untilText(byTestId("thread-preview"), "Hi Bob! Lunch today?");
      bob.screenshot("02-bob-unread-badge");

      bob.click("[data-thread-id='" + direct + "']");
      bob.untilText(byTestId("message-body"), "Hi Bob! Lunch today?");
      bob.until(
          "the unread badge to clear",
          () ->
              bob.driver().findElements(By.cssSelector(badge)).stream()
                  .noneMatch(WebElement::isDisplayed));
      alice.untilText(byTestId("seen"), "Seen");

      bob.type(byTestId("composer"), "Sure, 12:30?");
      alice.until(
          "bob's typing indicator",
          () ->
              alice.texts(byTestId("typing")).stream().anyMatch(t -> t.contains("Bob is typing")));
      bob.type(byTestId("composer"), Keys.ENTER);
      alice.untilText(byTestId("message-body"), "Sure, 12:30?");
      bob.untilText(byTestId("seen"), "Seen");
      alice.until(
          "alice's presence dot for bob",
          () ->
              "true"
                  .equals(
                      alice
                          .find("[data-thread-id='" + direct + "'] " + byTestId("presence-dot"))
                          .getDomAttribute("data-online")));
      alice.screenshot("03-alice-direct-chat");
      return direct;
    }

    /** A message body that looks like HTML is shown as text, never run. */
    void escaping() {
      alice.type(byTestId("composer"), XSS, Keys.ENTER);
      bob.untilText(byTestId("message-body"), XSS);
      assertThat(bob.driver().findElements(By.cssSelector(byTestId("messages") + " img")))
          .as("no element was made from a message body")
          .isEmpty();
      assertThat(alertShown()).as("no script ran").isFalse();
      bob.screenshot("04-bob-escaped-html");
    }

    private boolean alertShown() {
      for (BrowserSession b : List.of(alice, bob)) {
        try {
          b.driver().switchTo().alert();
          return true;
        } catch (NoAlertPresentException e) {
          // as it should be
        }
      }
      return false;
    }

    /** Alice creates a group with bob and carol; carol receives it and answers. */
    void group() {
      alice.click(byTestId("new-group"));
      alice.type(byTestId("group-title"), "Book club");
      alice.type(byTestId("group-member-search"), "bob");
      alice.click("[data-testid='user-result'][data-username='bob']");
      alice.type(byTestId("group-member-search"), "carol");
      alice.click("[data-testid='user-result'][data-username='carol']");
      alice.untilText(byTestId("group-member"), "Carol");
      alice.click(byTestId("group-create"));
      alice.untilText(byTestId("thread-title"), "Book club");
      alice.untilText(byTestId("message-body"), "Alice created the group \"Book club\"");
      alice.type(byTestId("composer"), "Welcome to the book club!", Keys.ENTER);

      carol.untilText(byTestId("thread-name"), "Book club");
      carol.untilText(byTestId("unread-badge"), "1");
      carol.click(byTestId("thread-item"));
      carol.untilText(byTestId("message-body"), "Welcome to the book club!");
      assertThat(carol.texts("[data-testid='message'][data-kind='system']"))
          .anyMatch(t -> t.contains("Alice created the group \"Book club\""));
      carol.type(byTestId("composer"), "Thanks, happy to be here", Keys.ENTER);
      alice.untilText(byTestId("message-body"), "Thanks, happy to be here");
      alice.untilText(byTestId("message-sender"), "Carol");
      carol.screenshot("05-carol-group");
      bob.untilText(byTestId("thread-name"), "Book club");
    }

    /** Rename, nickname and mute; the owner removes carol; bob leaves. */
    void groupSettings() {
      String group = threadIdOf(alice);
      alice.click(byTestId("thread-info"));
      WebElement title = alice.find(byTestId("rename-input"));
      title.clear();
      title.sendKeys("Readers", Keys.ENTER);
      bob.untilText(byTestId("thread-name"), "Readers");
      carol.untilText(byTestId("message-body"), "Alice renamed the group to \"Readers\"");
      alice.type(byTestId("nickname-input"), "Our readers", Keys.ENTER);
      alice.untilText(byTestId("thread-title"), "Our readers");
      alice.click(byTestId("mute-toggle"));
      alice.find("[data-thread-id='" + group + "'] .muted-icon:not(.hidden)");
      alice.screenshot("06-alice-group-details");

      String carolId = userIdOf(carol);
      alice.click(
          "[data-testid='member-item'][data-user-id='"
              + carolId
              + "'] "
              + byTestId("member-remove"));
      alice.untilText(byTestId("message-body"), "Alice removed Carol");
      carol.untilText(byTestId("toast"), "You are no longer in that conversation.");
      carol.until(
          "the group to leave carol's list",
          () -> carol.driver().findElements(By.cssSelector(byTestId("thread-item"))).isEmpty());
      alice.find(byTestId("thread-info-dialog")).sendKeys(Keys.ESCAPE);
      alice.until(
          "Escape to close the dialog",
          () -> alice.driver().findElements(By.cssSelector("dialog")).isEmpty());

      bob.click("[data-thread-id='" + group + "']");
      bob.click(byTestId("thread-info"));
      bob.click(byTestId("leave"));
      bob.untilText(byTestId("leave"), "Click again to leave");
      bob.click(byTestId("leave"));
      alice.untilText(byTestId("message-body"), "Bob left");
      bob.until(
          "the group to leave bob's list",
          () ->
              bob.driver()
                  .findElements(By.cssSelector("[data-thread-id='" + group + "']"))
                  .isEmpty());
    }

    /** On a phone-sized screen the list and the thread are two panes with a back button. */
    void narrowScreen(String direct) {
      bob.click("[data-thread-id='" + direct + "']");
      bob.resize(390, 844);
      bob.find(byTestId("thread-back"));
      assertThat(bob.driver().findElement(By.cssSelector(byTestId("thread-list"))).isDisplayed())
          .as("the list is hidden while a thread is open")
          .isFalse();
      bob.screenshot("07-bob-narrow-thread");
      bob.click(byTestId("thread-back"));
      bob.find(byTestId("thread-list"));
      bob.screenshot("08-bob-narrow-list");
      bob.resize(1280, 800);
      bob.click("[data-thread-id='" + direct + "']");
    }

    /**
     * The server restarts while both pages are cut off. Alice writes meanwhile: her message fails
     * and waits. Someone else sends a message. Once back, both pages reconnect, fetch what they
     * missed by seq, and alice's message goes out again with its client_msg_id, stored once.
     */
    void restart(String direct) {
      alice.click("[data-thread-id='" + direct + "']");
      bob.untilText(byTestId("thread-title"), "Alice");

      server.stop();
      for (BrowserSession b : List.of(alice, bob)) {
        b.until(
            "the page to notice the server is gone", () -> !"online".equals(b.connectionState()));
        b.offline(true);
      }
      alice.type(byTestId("composer"), "Are you still there?", Keys.ENTER);
      String failed = "[data-testid='message'].failed";
      String clientMsgId = alice.find(failed).getDomAttribute("data-client-msg-id");
      alice.find(failed + " " + byTestId("message-retry"));
      alice.screenshot("09-alice-offline-send-failed");

      server.start();
      TestUser elsewhere = server.client().login("alice", PASSWORD);
      elsewhere.send(direct, "Sent while you were away");
      assertThat(List.of(alice.connectionState(), bob.connectionState()))
          .as("both pages were still disconnected when the message was sent")
          .doesNotContain("online");

      for (BrowserSession b : List.of(alice, bob)) {
        b.offline(false);
      }
      for (BrowserSession b : List.of(alice, bob)) {
        b.until("the page to reconnect", () -> "online".equals(b.connectionState()));
        b.untilText(byTestId("message-body"), "Sent while you were away");
        b.untilText(byTestId("message-body"), "Are you still there?");
      }
      alice.find(
          "[data-testid='message'][data-client-msg-id='" + clientMsgId + "'] [data-status='sent']");
      assertThat(bob.texts(byTestId("message-body")))
          .as("the retried message is stored once")
          .containsOnlyOnce("Are you still there?");
      bob.screenshot("10-bob-after-restart");
    }

    /** A reload keeps the session and shows the latest page; scrolling up loads older ones. */
    void reloadAndScrollBack(String direct) {
      TestUser elsewhere = server.client().login("alice", PASSWORD);
      for (int i = 1; i <= 60; i++) {
        elsewhere.send(direct, "History line " + i);
      }
      bob.driver().navigate().refresh();
      bob.untilText(byTestId("me-name"), "Bob");
      bob.untilText(byTestId("message-body"), "History line 60");
      assertThat(bob.texts(byTestId("message-body"))).doesNotContain("Hi Bob! Lunch today?");
      bob.until(
          "older pages to load while scrolling up",
          () -> {
            bob.js("document.querySelector(\"[data-testid='messages']\").scrollTop = 0;");
            return bob.texts(byTestId("message-body")).contains("Hi Bob! Lunch today?");
          });
      bob.untilText(byTestId("history-status"), "This is the beginning of your conversation.");
    }

    /** A second tab of alice (same session) stays in step with the first. */
    void twoTabs(String direct) {
      String first = alice.driver().getWindowHandle();
      alice.driver().switchTo().newWindow(WindowType.TAB);
      alice.go(url + "#/t/" + direct);
      alice.untilText(byTestId("message-body"), "History line 60");
      alice.type(byTestId("composer"), "Written in my second tab", Keys.ENTER);
      alice.find("[data-testid='message'][data-mine='true'] [data-status='sent']");
      alice.driver().close();
      alice.driver().switchTo().window(first);
      alice.untilText(byTestId("message-body"), "Written in my second tab");
      bob.untilText(byTestId("message-body"), "Written in my second tab");
      alice.screenshot("11-alice-first-tab");
    }

    void logout() {
      carol.click(byTestId("logout"));
      carol.find(byTestId("auth-username"));
      carol.driver().navigate().refresh();
      carol.find(byTestId("auth-username"));
    }

    private static String userIdOf(BrowserSession b) {
      return (String) b.js("return JSON.parse(localStorage.getItem('parley.session')).user.id;");
    }

    private static String threadIdOf(BrowserSession b) {
      String hash = (String) b.js("return location.hash;");
      assertThat(hash).startsWith("#/t/");
      return hash.substring("#/t/".length());
    }
  }
}

package dev.parley.server.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's headless Chromium driven by its chromedriver, with its own profile
 * directory. Elements are found by their {@code data-testid}, never by styling. Selenium Manager is
 * never asked for anything: both paths are given explicitly.
 */
final class BrowserSession implements AutoCloseable {
  /** Debian's paths; -Dparley.chromium and -Dparley.chromedriver point elsewhere. */
  static final Path CHROMIUM = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));

  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(15);

  private final String name;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private BrowserSession(String name, ChromeDriverService service, ChromeDriver driver) {
    this.name = name;
    this.service = service;
    this.driver = driver;
  }

  /** Skips the test without Chromium, except on CI (CI=true), where it fails instead. */
  static void requireChromium() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "The web client's browser test needs Debian's Chromium: "
            + String.join(" and ", missing)
            + " not found. Install them with `apt-get install chromium chromium-driver`"
            + " (.ci/run does this).";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  static BrowserSession open(String name, Path profile, int width, int height) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(java.io.OutputStream.nullOutputStream())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-extensions",
        "--disable-features=Translate,MediaRouter",
        "--lang=en-US",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new BrowserSession(name, service, driver);
  }

  String name() {
    return name;
  }

  ChromeDriver driver() {
    return driver;
  }

  void go(String url) {
    driver.get(url);
  }

  static String byTestId(String testId) {
    return "[data-testid='" + testId + "']";
  }

  WebElement find(String css) {
    return until(
        "an element " + css,
        () ->
            driver.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  void click(String css) {
    find(css).click();
  }

  void type(String css, CharSequence... keys) {
    find(css).sendKeys(keys);
  }

  /** Waits (up to 15 s) until the supplier answers something other than null or false. */
  <T> T until(String what, Supplier<T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
        .withMessage(() -> name + " waited 15 s for " + what)
        .until(
            d -> {
              T value = condition.get();
              return Boolean.FALSE.equals(value) ? null : value;
            });
  }

  /** Waits until a script answers true. */
  void untilScript(String what, String script, Object... args) {
    until(what, () -> Boolean.TRUE.equals(js(script, args)));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The text of every element matching css, in document order (one round trip). */
  @SuppressWarnings("unchecked")
  List<String> texts(String css) {
    return (List<String>)
        js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css);
  }

  /** Waits until some element matching css has exactly this text. */
  void untilText(String css, String text) {
    until("\"" + text + "\" in " + css, () -> texts(css).contains(text));
  }

  String connectionState() {
    return (String)
        js("return document.querySelector(\"[data-testid='connection']\")?.dataset.state ?? '';");
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Cuts the browser off the network (DevTools network emulation); open sockets stay open. */
  void offline(boolean offline) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  void screenshot(String file) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(),
          SCREENSHOTS.resolve(file + ".png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("screenshot " + file + " failed", e);
    }
  }

  /** Console lines of the page since the last call. */
  List<String> console() {
    List<String> lines = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      lines.add(entry.getLevel() + " " + entry.getMessage());
    }
    return lines;
  }

  /** Registers through the form, which then logs in and shows the chat. */
  void register(String url, String username, String displayName, String password) {
    go(url);
    click(byTestId("auth-switch"));
    type(byTestId("auth-username"), username);
    type(byTestId("auth-display-name"), displayName);
    type(byTestId("auth-password"), password);
    click(byTestId("auth-submit"));
    untilText(byTestId("me-name"), displayName);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}

package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Answer;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web client's files as shipped in the jar: self-contained (nothing fetched from elsewhere),
 * fit for a strict Content-Security-Policy (no inline script or style, no HTML built from strings),
 * every import present, and served at {@code /}.
 */
class WebClientResourcesTest {
  private static final Pattern IMPORT = Pattern.compile("(?:from|import)\\s+'([^']+)'");
  private static final Pattern HTML_REF = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
  private static final Pattern URL = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
  private static final Pattern UNSAFE_JS =
      Pattern.compile(
          "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function"
              + "|\\.style\\b|setAttribute\\(\\s*'(style|on\\w+)'");
  private static final Pattern UNSAFE_HTML =
      Pattern.compile("(?i)<style|\\sstyle=|\\son[a-z]+=|<script(?![^>]*\\bsrc=)[^>]*>");

  @TempDir Path data;

  @Test
  void everyImportAndReferenceResolves() throws IOException {
    Path web = webRoot();
    List<String> missing = new ArrayList<>();
    for (Path file : files(web)) {
      String name = file.getFileName().toString();
      Pattern refs = name.endsWith(".js") ? IMPORT : name.endsWith(".html") ? HTML_REF : null;
      if (refs == null) {
        continue;
      }
      Matcher m = refs.matcher(read(file));
      while (m.find()) {
        Path target = file.getParent().resolve(m.group(1)).normalize();
        if (!Files.isRegularFile(target) || !target.startsWith(web)) {
          missing.add(web.relativize(file) + " -> " + m.group(1));
        }
      }
    }
    assertThat(missing).as("references to files that do not exist").isEmpty();
  }

  @Test
  void nothingIsFetchedFromOutside() throws IOException {
    Path web = webRoot();
    List<String> found = new ArrayList<>();
    for (Path file : files(web)) {
      Matcher m = URL.matcher(read(file));
      while (m.find()) {
        if (!m.group().endsWith("www.w3.org")) { // the SVG namespace, never fetched
          found.add(web.relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(found).as("external URLs").isEmpty();
  }

  @Test
  void fitsAStrictContentSecurityPolicy() throws IOException {
    Path web = webRoot();
    List<String> found = new ArrayList<>();
    for (Path file : files(web)) {
      String name = file.getFileName().toString();
      Pattern unsafe =
          name.endsWith(".js") ? UNSAFE_JS : name.endsWith(".html") ? UNSAFE_HTML : null;
      if (unsafe == null) {
        continue;
      }
      Matcher m = unsafe.matcher(read(file));
      while (m.find()) {
        found.add(web.relativize(file) + ": " + m.group());
      }
    }
    assertThat(found).as("inline code or styles, or HTML built from strings").isEmpty();
  }

  @Test
  void modulesStayReadable() throws IOException {
    for (Path file : files(webRoot())) {
      if (file.toString().endsWith(".js")) {
        assertThat(read(file).lines().count())
            .as("lines of %s (one concept per file)", file.getFileName())
            .isLessThanOrEqualTo(300);
      }
    }
  }

  @Test
  void theAppIsServedAtTheRoot() {
    try (TestServer server = new TestServer(data)) {
      var api = server.client();
      Answer index = api.get("/", null);
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(index.text()).contains("<script type=\"module\" src=\"js/main.js\"></script>");
      Answer script = api.get("/js/main.js", null);
      assertThat(script.status()).isEqualTo(200);
      assertThat(script.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
      Answer css = api.get("/app.css", null);
      assertThat(css.status()).isEqualTo(200);
      assertThat(css.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }
  }

  private static Path webRoot() {
    try {
      return Path.of(WebClientResourcesTest.class.getResource("/web/index.html").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}

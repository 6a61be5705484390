package dev.parley.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.InvalidRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one JSON mapper: strict on input (no duplicate keys, bounded nesting and sizes), compact on
 * output.
 */
public final class Json {
  public static final ObjectMapper MAPPER = mapper();

  // Most replies fit; a history page grows it once or twice.
  private static final int INITIAL_BUFFER = 4096;

  private Json() {}

  private static ObjectMapper mapper() {
    // Parsing and writing happen on virtual threads, which a thread-local buffer pool (Jackson's
    // default) would give fresh buffers every time; a shared bounded pool recycles them.
    JsonFactory factory =
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(256)).build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // Without it, whatever follows the first value is ignored: {"body":"x"} garbage.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxNumberLength(64)
                .maxStringLength(1 << 20)
                .build());
    return mapper;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a request body or frame that must be one JSON object. */
  public static ObjectNode parseObject(byte[] bytes) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidRequest("the body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequest("the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a value of our own making always serializes", e);
    }
  }

  /** Serializes straight into a Vert.x buffer, without an intermediate byte array. */
  public static Buffer buffer(Object value) {
    Buffer buffer = Buffer.buffer(INITIAL_BUFFER);
    try {
      MAPPER.writeValue(new BufferOutput(buffer), value);
    } catch (IOException e) {
      throw new IllegalStateException("a value of our own making always serializes", e);
    }
    return buffer;
  }

  private static final class BufferOutput extends OutputStream {
    private final Buffer buffer;

    BufferOutput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}

package dev.day2.preferences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;

/**
 * Reads the PUT body, strictly: exactly {@code {"enabled": true|false}}. Anything else is a 400
 * whose message says what is wrong; unknown fields are rejected rather than ignored, so a typo
 * never passes for a consent change (docs/adr/0021).
 */
final class PreferenceBody {
  private static final String SHAPE = "the body must be a JSON object like {\"enabled\": true}";
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PreferenceBody() {}

  static boolean enabled(byte[] body, int maxBytes) {
    if (body == null || body.length == 0) {
      throw invalid(SHAPE + "; it is empty");
    }
    if (body.length > maxBytes) {
      throw new ApiError(
          413, "body_too_large", "the body is " + body.length + " bytes; the limit is " + maxBytes);
    }
    JsonNode json;
    try {
      json = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("the body is not valid JSON: " + e.getOriginalMessage() + where(e));
    } catch (IOException e) {
      throw invalid("the body could not be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw invalid(SHAPE);
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("enabled")) {
        throw invalid("unknown field \"" + truncate(name) + "\"; the only field is \"enabled\"");
      }
    }
    JsonNode enabled = json.get("enabled");
    if (enabled == null) {
      throw invalid("\"enabled\" is required: " + SHAPE);
    }
    if (!enabled.isBoolean()) {
      throw invalid(
          "\"enabled\" must be true or false, not " + enabled.getNodeType().name().toLowerCase());
    }
    return enabled.booleanValue();
  }

  private static ApiError invalid(String message) {
    return ApiError.badRequest("invalid_body", message);
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String truncate(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "..." : name;
  }
}

package dev.day2.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code context} of cdk.json. The CDK CLI passes it to the app itself; {@code make infra} and
 * the tests run the app without the CLI, so they read the same file here.
 */
public final class CdkJson {
  private CdkJson() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> context(Path cdkJson) {
    try {
      Map<String, Object> json = new ObjectMapper().readValue(Files.readString(cdkJson), Map.class);
      if (!(json.get("context") instanceof Map<?, ?> context)) {
        throw new IllegalArgumentException(cdkJson + ": no \"context\" object");
      }
      return (Map<String, Object>) context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cdkJson, e);
    }
  }
}

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls a Lambda handler ({@code class::method}, taking {@code (Map, Context)}) once with the event
 * {@code {}}, the way the AWS stub (scripts/pipeline-stubs/aws) runs {@code aws lambda invoke}.
 * Writes the response as JSON to the output file, or Lambda's error shape {@code {"errorMessage",
 * "errorType"}} and exits 1 when the handler throws. Run in source-file mode with the function's
 * unpacked archive on the classpath.
 */
public final class InvokeHandler {
  public static void main(String[] args) throws Exception {
    String[] handler = args[0].split("::");
    Path out = Path.of(args[1]);
    Class<?> type = Class.forName(handler[0]);
    Object target = type.getConstructor().newInstance();
    var method =
        java.util.Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(handler[1]) && m.getParameterCount() == 2)
            .findFirst()
            .orElseThrow(() -> new NoSuchMethodException(args[0]));
    try {
      Object result = method.invoke(target, Map.of(), null);
      Files.writeString(out, json(result));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      Files.writeString(
          out,
          "{\"errorMessage\":"
              + quote(String.valueOf(cause.getMessage()))
              + ",\"errorType\":"
              + quote(cause.getClass().getName())
              + "}");
      System.err.println(cause.getMessage());
      System.exit(1);
    }
  }

  private static String json(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> quote(e.getKey().toString()) + ":" + json(e.getValue()))
          .collect(Collectors.joining(",", "{", "}"));
    }
    return value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}

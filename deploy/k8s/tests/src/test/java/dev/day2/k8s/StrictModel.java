package dev.day2.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fabric8 keeps fields it does not know in {@code getAdditionalProperties()} instead of failing.
 * This walks a parsed object and lists every such field with its path, so a typo such as {@code
 * contianerPort} fails a test instead of being silently dropped by the API server.
 */
final class StrictModel {
  private StrictModel() {}

  static List<String> unknownFields(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found);
    return found;
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> walk(value, path + "." + key, found));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, node);
      String name = getter.getName();
      if (name.equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> found.add(path + "." + key));
        }
      } else {
        walk(value, path + "." + property(name), found);
      }
    }
  }

  private static boolean isGetter(Method method) {
    return method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && method.getName().startsWith("get")
        && !method.getName().equals("getClass")
        && method.getDeclaringClass().getName().startsWith("io.fabric8");
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // derived getters such as Quantity.getNumericalAmount may throw
    }
  }

  private static String property(String getterName) {
    String bare = getterName.substring(3);
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }
}

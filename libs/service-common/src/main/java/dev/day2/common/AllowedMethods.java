package dev.day2.common;

import io.quarkus.arc.Arc;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The methods each path answers, for {@code Allow} (RFC 9110, 15.5.6): read once, at the first
 * request that needs it, from the JAX-RS resources' annotations and from the plain Vert.x routes
 * that name their methods (a hot read served beside a resource, ADR 0129), so it cannot drift from
 * what the service serves. {@code OPTIONS} of such a path answers it here, and every 405 of a
 * resource carries it ({@link ExceptionMappers}): RESTEasy's own 405 has no {@code Allow}, and its
 * own {@code OPTIONS} lists {@code HEAD} for every path and misses the plain routes' methods.
 *
 * <p>A path answers the union of what every matching resource method and route answers; {@code
 * HEAD} wherever {@code GET} is answered (RESTEasy and Vert.x both serve it), and {@code OPTIONS}.
 */
@Singleton
public class AllowedMethods {
  /** The order of {@code Allow}: safe methods first, as the APIs' READMEs list them. */
  static final List<String> ORDER =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  record Entry(Pattern path, Set<String> methods) {}

  private volatile Router router;
  private volatile List<Entry> table;

  void routes(@Observes Router router) {
    this.router = router;
  }

  /** {@code OPTIONS} of a path the service serves: 200 with its {@code Allow}, no body. */
  @ServerRequestFilter(preMatching = true)
  public Response options(io.vertx.core.http.HttpServerRequest request) {
    if (!io.vertx.core.http.HttpMethod.OPTIONS.equals(request.method())) {
      return null;
    }
    String allow = allowFor(request.path());
    return allow == null ? null : Response.ok().header("Allow", allow).build();
  }

  /** {@code Allow} for {@code path}, or null when no resource or named route serves it. */
  public String allowFor(String path) {
    List<Entry> entries = table;
    if (entries == null) {
      entries = table = build();
    }
    return allowFor(entries, path);
  }

  static String allowFor(Collection<Entry> entries, String path) {
    Set<String> methods = new HashSet<>();
    for (Entry entry : entries) {
      if (entry.path().matcher(path).matches()) {
        methods.addAll(entry.methods());
      }
    }
    if (methods.isEmpty()) {
      return null;
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    List<String> ordered = new ArrayList<>();
    for (String method : ORDER) {
      if (methods.remove(method)) {
        ordered.add(method);
      }
    }
    methods.stream().sorted().forEach(ordered::add);
    return String.join(", ", ordered);
  }

  private List<Entry> build() {
    List<Entry> entries = new ArrayList<>();
    for (Bean<?> bean :
        Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
      entries.addAll(resource(bean.getBeanClass()));
    }
    Router routes = router;
    if (routes != null) {
      for (Route route : routes.getRoutes()) {
        Set<io.vertx.core.http.HttpMethod> methods = route.methods();
        // a path with parameters is a regex route too; one made from a regex has no path
        if (route.getPath() != null && methods != null && !methods.isEmpty()) {
          Set<String> names = new LinkedHashSet<>();
          methods.forEach(m -> names.add(m.name()));
          entries.add(new Entry(vertxPath(route.getPath()), names));
        }
      }
    }
    return List.copyOf(entries);
  }

  /** The entries of one JAX-RS resource class: nothing when it is not one. */
  static List<Entry> resource(Class<?> type) {
    Path root = type.getAnnotation(Path.class);
    if (root == null) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    for (Method method : methods(type)) {
      String verb = httpMethod(method);
      if (verb != null) {
        Path sub = method.getAnnotation(Path.class);
        String path = root.value() + "/" + (sub == null ? "" : sub.value());
        entries.add(new Entry(jaxrsPath(path), Set.of(verb)));
      }
    }
    return entries;
  }

  private static List<Method> methods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      methods.addAll(List.of(c.getDeclaredMethods()));
      for (Class<?> api : c.getInterfaces()) {
        methods.addAll(List.of(api.getDeclaredMethods()));
      }
    }
    return methods;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  /**
   * A JAX-RS path template as a pattern: {@code {name}} one segment, {@code {name: regex}} its
   * regex, the rest literal; slashes collapsed, a trailing one optional.
   */
  static Pattern jaxrsPath(String template) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    String path = normalise(template);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '{') {
        literal.append(c);
        continue;
      }
      int depth = 1;
      int end = i + 1;
      while (end < path.length() && depth > 0) {
        char d = path.charAt(end);
        depth += d == '{' ? 1 : d == '}' ? -1 : 0;
        end++;
      }
      String variable = path.substring(i + 1, end - 1);
      int colon = variable.indexOf(':');
      regex.append(quote(literal));
      literal.setLength(0);
      regex.append('(').append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).trim());
      regex.append(')');
      i = end - 1;
    }
    regex.append(quote(literal));
    return Pattern.compile(regex + "/?");
  }

  /** A Vert.x route path as a pattern: {@code :name} one segment, a trailing {@code *} any rest. */
  static Pattern vertxPath(String path) {
    boolean prefix = path.endsWith("*");
    StringBuilder regex = new StringBuilder();
    for (String segment :
        normalise(prefix ? path.substring(0, path.length() - 1) : path).split("/")) {
      if (!segment.isEmpty()) {
        regex.append('/').append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
      }
    }
    return Pattern.compile(regex + (prefix ? ".*" : "/?"));
  }

  /** One leading slash, no doubled or trailing ones ("/" stays "" so that "/?" matches it). */
  private static String normalise(String path) {
    String collapsed = ("/" + path).replaceAll("/{2,}", "/");
    return collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
  }

  private static String quote(CharSequence literal) {
    return literal.isEmpty() ? "" : Pattern.quote(literal.toString());
  }
}

package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every ConfigMap or Secret a container's environment names resolves, so no rendered overlay has a
 * pod stuck in CreateContainerConfigError: each configMapKeyRef, secretKeyRef and envFrom (that is
 * not {@code optional}) must name an object of the same render (a ConfigMap, a Secret, or the
 * target of an ExternalSecret) with that key, or one made outside kustomize in the one place that
 * makes them: overlays/dev/create-secrets.sh (dev only; staging and prod make nothing by hand).
 */
class EnvReferencesTest {
  /** Keys of an object, or ANY_KEY when its keys are not known (an ExternalSecret's dataFrom). */
  private static final Set<String> ANY_KEY = Set.of("*");

  /** A reference: kind ConfigMap or Secret, namespace, name, key (null: the whole object). */
  record Ref(String kind, String namespace, String name, String key, String from) {
    @Override
    public String toString() {
      return from
          + " -> "
          + kind
          + " "
          + namespace
          + "/"
          + name
          + (key == null ? "" : " key " + key);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyEnvironmentReferenceResolves(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    Map<String, Set<String>> provided = provided(manifests);
    if (overlay.equals("dev")) {
      createdByHand().forEach((k, v) -> provided.merge(k, v, EnvReferencesTest::union));
    }
    List<Ref> refs = references(manifests);
    assertThat(refs)
        .as(overlay + ": the preferences token settings are among the references")
        .anyMatch(r -> r.name().startsWith("preferences-jwt"));
    assertThat(unresolved(refs, provided)).as(overlay + ": references nothing provides").isEmpty();
  }

  /** The check itself catches a missing object and a missing key. */
  @Test
  void aMissingObjectOrKeyIsReported() {
    Manifests manifests =
        Manifests.of(
            "synthetic",
            Kustomize.parse(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: present, namespace: ns}
                data: {A: "1"}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, namespace: ns}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: app
                          image: x
                          envFrom:
                            - configMapRef: {name: present}
                            - configMapRef: {name: absent-but-optional, optional: true}
                          env:
                            - name: B
                              valueFrom: {configMapKeyRef: {name: present, key: B}}
                            - name: C
                              valueFrom: {secretKeyRef: {name: nowhere, key: C}}
                """));
    assertThat(unresolved(references(manifests), provided(manifests)))
        .containsExactly(
            "Deployment ns/app container app env B -> ConfigMap ns/present key B",
            "Deployment ns/app container app env C -> Secret ns/nowhere key C");
  }

  static List<String> unresolved(List<Ref> refs, Map<String, Set<String>> provided) {
    List<String> unresolved = new ArrayList<>();
    for (Ref ref : refs) {
      Set<String> keys = provided.get(ref.kind() + " " + ref.namespace() + "/" + ref.name());
      if (keys == null
          || (ref.key() != null && !keys.equals(ANY_KEY) && !keys.contains(ref.key()))) {
        unresolved.add(ref.toString());
      }
    }
    return unresolved;
  }

  /**
   * The preferences API refuses to start without its token settings (JwtSettings): issuer, audience
   * and exactly one of an inline key and a key location. Every overlay gives them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void preferencesGetsItsTokenSettings(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    Workload workload = manifests.workload("preferences", "preferences");
    Container container = workload.containers().getFirst();
    Map<String, String> env = new HashMap<>();
    Map<String, Set<String>> made = overlay.equals("dev") ? createdByHand() : Map.of();
    for (EnvFromSource from : container.getEnvFrom()) {
      String name = from.getConfigMapRef().getName();
      manifests
          .find(ConfigMap.class, "preferences", name)
          .ifPresentOrElse(
              cm -> env.putAll(cm.getData()),
              () ->
                  made.getOrDefault("ConfigMap preferences/" + name, Set.of())
                      .forEach(key -> env.put(key, "(create-secrets.sh)")));
    }
    assertThat(env).as(overlay).containsKeys("JWT_ISSUER", "JWT_AUDIENCE");
    assertThat(Stream.of("JWT_PUBLIC_KEY", "JWT_PUBLIC_KEY_LOCATION").filter(env::containsKey))
        .as(overlay + ": exactly one of the inline key and its location")
        .hasSize(1);
    if (!overlay.equals("dev")) {
      String issuer = "https://auth." + overlay + ".day2.example/";
      assertThat(env)
          .as(overlay + ": the issuer and key set the AWS stack uses (PreferencesSettings)")
          .containsEntry("JWT_ISSUER", issuer)
          .containsEntry("JWT_PUBLIC_KEY_LOCATION", issuer + ".well-known/jwks.json");
    }
  }

  /** The test's own parser of create-secrets.sh must see what that script makes. */
  @Test
  void createSecretsScriptIsParsed() {
    Map<String, Set<String>> made = createdByHand();
    assertThat(made.get("Secret preferences/preferences-db")).contains("DB_USER", "DB_PASSWORD");
    assertThat(made.get("ConfigMap preferences/preferences-jwt")).contains("JWT_PUBLIC_KEY");
  }

  static List<Ref> references(Manifests manifests) {
    List<Ref> refs = new ArrayList<>();
    for (Workload w : manifests.workloads()) {
      var spec = w.template().getSpec();
      List<Container> containers = new ArrayList<>(spec.getContainers());
      containers.addAll(Objects.requireNonNullElse(spec.getInitContainers(), List.of()));
      for (Container c : containers) {
        String from = w.id() + " container " + c.getName();
        for (EnvFromSource source :
            Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
          if (source.getConfigMapRef() != null
              && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
            refs.add(
                new Ref(
                    "ConfigMap",
                    w.namespace(),
                    source.getConfigMapRef().getName(),
                    null,
                    from + " envFrom"));
          }
          if (source.getSecretRef() != null
              && !Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
            refs.add(
                new Ref(
                    "Secret",
                    w.namespace(),
                    source.getSecretRef().getName(),
                    null,
                    from + " envFrom"));
          }
        }
        for (EnvVar var : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
          var value = var.getValueFrom();
          if (value == null) {
            continue;
          }
          String at = from + " env " + var.getName();
          var cm = value.getConfigMapKeyRef();
          if (cm != null && !Boolean.TRUE.equals(cm.getOptional())) {
            refs.add(new Ref("ConfigMap", w.namespace(), cm.getName(), cm.getKey(), at));
          }
          var secret = value.getSecretKeyRef();
          if (secret != null && !Boolean.TRUE.equals(secret.getOptional())) {
            refs.add(new Ref("Secret", w.namespace(), secret.getName(), secret.getKey(), at));
          }
        }
      }
    }
    return refs;
  }

  /** "Kind namespace/name" to keys, for every ConfigMap, Secret and ExternalSecret target. */
  static Map<String, Set<String>> provided(Manifests manifests) {
    Map<String, Set<String>> provided = new HashMap<>();
    for (ConfigMap cm : manifests.all(ConfigMap.class)) {
      Set<String> keys =
          new HashSet<>(
              Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).keySet());
      keys.addAll(
          Objects.requireNonNullElse(cm.getBinaryData(), Map.<String, String>of()).keySet());
      provided.merge(
          id("ConfigMap", cm.getMetadata().getNamespace(), cm.getMetadata().getName()),
          keys,
          EnvReferencesTest::union);
    }
    for (Secret s : manifests.all(Secret.class)) {
      Set<String> keys =
          new HashSet<>(Objects.requireNonNullElse(s.getData(), Map.<String, String>of()).keySet());
      keys.addAll(Objects.requireNonNullElse(s.getStringData(), Map.<String, String>of()).keySet());
      provided.merge(
          id("Secret", s.getMetadata().getNamespace(), s.getMetadata().getName()),
          keys,
          EnvReferencesTest::union);
    }
    for (GenericKubernetesResource r : manifests.all(GenericKubernetesResource.class)) {
      if (!"ExternalSecret".equals(r.getKind())) {
        continue;
      }
      Map<String, Object> spec = map(r.getAdditionalProperties().get("spec"));
      Map<String, Object> target = map(spec.get("target"));
      String name = (String) target.getOrDefault("name", r.getMetadata().getName());
      Set<String> keys = new HashSet<>();
      for (Object data : list(spec.get("data"))) {
        keys.add((String) map(data).get("secretKey"));
      }
      keys.addAll(map(map(target.get("template")).get("data")).keySet());
      if (!list(spec.get("dataFrom")).isEmpty()) {
        keys = ANY_KEY;
      }
      provided.merge(
          id("Secret", r.getMetadata().getNamespace(), name), keys, EnvReferencesTest::union);
    }
    return provided;
  }

  private static final Pattern SECRET = Pattern.compile("(?m)^\\s*secret (\\S+) (\\S+) (.*)$");
  private static final Pattern CONFIG_MAP =
      Pattern.compile(
          "kubectl -n (\\S+) create configmap (\\S+)((?:\\s*\\\\?\\s*\"?--from-literal=[A-Z_]+=[^\\n]*)+)");
  private static final Pattern KEY =
      Pattern.compile("\"?(?:--from-literal=)?([A-Za-z][A-Za-z0-9_.-]*)=");

  /**
   * What overlays/dev/create-secrets.sh makes: its {@code secret NS NAME K=V...} lines and
   * configmaps.
   */
  static Map<String, Set<String>> createdByHand() {
    String script;
    try {
      script = Files.readString(Kustomize.K8S.resolve("overlays/dev/create-secrets.sh"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Map<String, Set<String>> made = new LinkedHashMap<>();
    String joined = script.replace("\\\n", " ");
    Matcher m = SECRET.matcher(joined);
    while (m.find()) {
      if (m.group(1).startsWith("(") || m.group(1).equals("\"$ns\"")) {
        continue; // the function's own definition
      }
      made.merge(id("Secret", m.group(1), m.group(2)), keys(m.group(3)), EnvReferencesTest::union);
    }
    Matcher c = CONFIG_MAP.matcher(joined);
    while (c.find()) {
      made.merge(
          id("ConfigMap", c.group(1), c.group(2)), keys(c.group(3)), EnvReferencesTest::union);
    }
    return made;
  }

  private static Set<String> keys(String args) {
    Set<String> keys = new HashSet<>();
    for (String arg : args.trim().split("\\s+")) {
      Matcher k = KEY.matcher(arg);
      if (k.lookingAt()) {
        keys.add(k.group(1));
      }
    }
    return keys;
  }

  private static String id(String kind, String namespace, String name) {
    return kind + " " + namespace + "/" + name;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (a.equals(ANY_KEY) || b.equals(ANY_KEY)) {
      return ANY_KEY;
    }
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}

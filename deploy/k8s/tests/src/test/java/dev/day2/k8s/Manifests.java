package dev.day2.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The rendered objects of one overlay, with the views the policy tests need. */
record Manifests(String name, List<HasMetadata> objects) {

  /** Something that runs pods: a Deployment, StatefulSet, DaemonSet, CronJob or Job. */
  record Workload(HasMetadata owner, PodTemplateSpec template, Integer replicas) {
    String id() {
      return owner.getKind() + " " + owner.getMetadata().getNamespace() + "/" + name();
    }

    String name() {
      return owner.getMetadata().getName();
    }

    String namespace() {
      return owner.getMetadata().getNamespace();
    }

    Map<String, String> podLabels() {
      return Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
    }

    List<Container> containers() {
      return template.getSpec().getContainers();
    }
  }

  static Manifests of(String name, List<HasMetadata> objects) {
    return new Manifests(name, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    return all(type).stream()
        .filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace))
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst();
  }

  List<Workload> workloads() {
    List<Workload> result = new ArrayList<>();
    all(Deployment.class)
        .forEach(
            d -> result.add(new Workload(d, d.getSpec().getTemplate(), d.getSpec().getReplicas())));
    all(StatefulSet.class)
        .forEach(
            s -> result.add(new Workload(s, s.getSpec().getTemplate(), s.getSpec().getReplicas())));
    all(DaemonSet.class).forEach(d -> result.add(new Workload(d, d.getSpec().getTemplate(), null)));
    all(CronJob.class)
        .forEach(c ->
            result.add(
                new Workload(c, c.getSpec().getJobTemplate().getSpec().getTemplate(), null)));
    all(Job.class).forEach(j -> result.add(new Workload(j, j.getSpec().getTemplate(), null)));
    return result;
  }

  Workload workload(String namespace, String name) {
    return workloads().stream()
        .filter(w -> w.namespace().equals(namespace) && w.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(this.name + ": no workload " + namespace + "/" + name));
  }

  /**
   * The environment a container gets: its envFrom ConfigMaps first, then its env entries (literal
   * values; a secretKeyRef shows as "secret:NAME/KEY"), as Kubernetes resolves them.
   */
  Map<String, String> environment(Workload workload, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      container.getEnvFrom().stream()
          .filter(source -> source.getConfigMapRef() != null)
          .filter(source -> !madeByHand(workload.namespace(), source.getConfigMapRef().getName()))
          .map(source -> configMap(workload.namespace(), source.getConfigMapRef().getName()))
          .forEach(cm -> env.putAll(Objects.requireNonNullElse(cm.getData(), Map.of())));
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        env.put(var.getName(), describe(var));
      }
    }
    return env;
  }

  /** A ConfigMap dev's create-secrets.sh makes, not the render (EnvReferencesTest checks it). */
  private boolean madeByHand(String namespace, String name) {
    return this.name.equals("dev")
        && find(ConfigMap.class, namespace, name).isEmpty()
        && EnvReferencesTest.createdByHand().containsKey("ConfigMap " + namespace + "/" + name);
  }

  ConfigMap configMap(String namespace, String name) {
    return find(ConfigMap.class, namespace, name)
        .orElseThrow(
            () -> new AssertionError(this.name + ": no ConfigMap " + namespace + "/" + name));
  }

  private static String describe(EnvVar var) {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    if (var.getValueFrom().getSecretKeyRef() != null) {
      var ref = var.getValueFrom().getSecretKeyRef();
      return "secret:" + ref.getName() + "/" + ref.getKey();
    }
    return "ref:" + var.getValueFrom();
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new AssertionError("matchExpressions are not used in Day2; extend the test first");
    }
    Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}

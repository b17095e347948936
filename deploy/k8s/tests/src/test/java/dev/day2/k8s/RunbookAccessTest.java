package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code kubectl} command of every runbook ({@code docs/runbooks}, {@code
 * infra/aws/runbooks}) is one the on-call group {@code day2:oncall} may run in the rendered staging
 * and prod overlays, or falls in a category the on-call escalates by design (below), which the
 * overlays must then really not grant. A runbook that gains a command the on-call cannot run, or
 * RBAC that loses one a runbook needs, fails here.
 */
class RunbookAccessTest {
  static final String ONCALL = "day2:oncall";

  /** What the on-call does not do, by design: each needs the owning team or the platform team. */
  enum Escalated {
    EXEC("a shell in a pod is the pod's data and credentials"),
    SECRET_READ("reading a Secret reads its value"),
    NODE_WRITE("draining or cordoning a node moves every team's pods"),
    DEPLOY("applying an overlay is a deploy: the pipeline does it"),
    OUTSIDE_THE_OVERLAYS(
        "namespaces the overlays do not manage (EKS add-ons: kube-system, amazon-cloudwatch) and"
            + " reads across all namespaces");

    final String why;

    Escalated(String why) {
      this.why = why;
    }
  }

  /** A permission: verb on group/resource, in namespace (null: cluster-scoped), name or any. */
  record Access(String verb, String group, String resource, String namespace, String name) {}

  /** One command, what it needs (empty for a plain read) or why the on-call escalates it. */
  record Command(String source, String text, List<Access> needs, Escalated escalated) {}

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```[^\\n]*\\n(.*?)^\\s*```");
  private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern KUBECTL = Pattern.compile("\\bkubectl[ \\t]+[^|;&#)`\\n]*");
  private static final Set<String> VALUE_FLAGS =
      Set.of("-l", "-o", "-c", "-p", "-f", "-k", "--tail", "--since", "--sort-by", "--selector");
  private static final Set<String> READS =
      Set.of("get", "describe", "logs", "top", "events", "explain", "wait");

  static List<Command> commands() throws IOException {
    List<Command> found = new ArrayList<>();
    for (Path dir :
        List.of(
            Kustomize.HOME.resolve("docs/runbooks"),
            Kustomize.HOME.resolve("infra/aws/runbooks"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
          String text = Files.readString(file);
          List<String> fragments = new ArrayList<>();
          Matcher fence = FENCE.matcher(text);
          while (fence.find()) {
            fragments.add(fence.group(1).replaceAll("\\\\\\n", " "));
          }
          Matcher span = SPAN.matcher(FENCE.matcher(text).replaceAll(""));
          while (span.find()) {
            fragments.add(span.group(1).replaceAll("\\s+", " "));
          }
          for (String fragment : fragments) {
            Matcher kubectl = KUBECTL.matcher(fragment);
            while (kubectl.find()) {
              String command = kubectl.group().strip().replaceAll("\\s+", " ");
              found.add(classify(Kustomize.HOME.relativize(file).toString(), command));
            }
          }
        }
      }
    }
    return found;
  }

  /** What a command needs, from its subcommand, namespace and object. */
  static Command classify(String source, String command) {
    String namespace = null;
    boolean allNamespaces = false;
    List<String> words = new ArrayList<>();
    String[] tokens = command.split(" ");
    for (int i = 1; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("--")) {
        break;
      } else if (t.equals("-n") || t.equals("--namespace")) {
        namespace = tokens[++i];
      } else if (t.equals("-A") || t.equals("--all-namespaces")) {
        allNamespaces = true;
      } else if (VALUE_FLAGS.contains(t)) {
        i++;
      } else if (!t.startsWith("-")) {
        words.add(t);
      }
    }
    String verb = words.isEmpty() ? "" : words.get(0);
    String object = words.size() > 1 ? words.get(1) : "";
    if (verb.equals("exec")) {
      return new Command(source, command, List.of(), Escalated.EXEC);
    }
    if (verb.equals("drain") || verb.equals("cordon") || verb.equals("uncordon")) {
      return new Command(source, command, List.of(), Escalated.NODE_WRITE);
    }
    if (verb.equals("apply")) {
      return new Command(source, command, List.of(), Escalated.DEPLOY);
    }
    if (READS.contains(verb)
        && words.stream().skip(1).anyMatch(w -> w.matches("(?i).*secrets?\\b.*"))) {
      return new Command(source, command, List.of(), Escalated.SECRET_READ);
    }
    boolean clusterScoped = READS.contains(verb) && object.matches("nodes?(/.*)?");
    if (clusterScoped) {
      return new Command(
          source, command, List.of(new Access("list", "", "nodes", null, null)), null);
    }
    if (allNamespaces
        || (namespace != null && !namespace.startsWith("<") && !NAMESPACES.contains(namespace))) {
      return new Command(source, command, List.of(), Escalated.OUTSIDE_THE_OVERLAYS);
    }
    List<String> namespaces =
        namespace == null || namespace.startsWith("<") ? NAMESPACES : List.of(namespace);
    String kind = object.contains("/") ? object.substring(0, object.indexOf('/')) : object;
    String name = object.contains("/") ? object.substring(object.indexOf('/') + 1) : null;
    List<Access> needs = new ArrayList<>();
    for (String ns : namespaces) {
      switch (verb) {
        case "get", "describe", "logs", "top", "events", "explain", "wait" ->
            needs.add(new Access("get", "", "pods", ns, null)); // what "view" gives
        case "delete" -> needs.add(new Access("delete", "", plural(kind), ns, null));
        case "scale" -> needs.add(new Access("patch", "apps", plural(kind) + "/scale", ns, null));
        case "rollout" -> {
          String action = object;
          String target = words.size() > 2 ? words.get(2) : "";
          String targetKind =
              target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
          if (action.equals("restart")
              || action.equals("undo")
              || action.equals("pause")
              || action.equals("resume")) {
            needs.add(new Access("patch", "apps", plural(targetKind), ns, null));
          } else {
            needs.add(new Access("get", "", "pods", ns, null));
          }
        }
        case "create" -> needs.add(new Access("create", "batch", plural(kind), ns, null));
        case "patch" -> needs.add(new Access("patch", group(kind), plural(kind), ns, null));
        case "port-forward" ->
            needs.add(new Access("create", "", "pods/portforward", ns, podOf(ns, kind, name)));
        default ->
            throw new AssertionError(
                source + ": `" + command + "`: classify kubectl " + verb + " in RunbookAccessTest");
      }
    }
    return new Command(source, command, needs, null);
  }

  /** The namespaces the overlays make, where the on-call is bound. */
  static final List<String> NAMESPACES =
      List.of("platform", "wrpi", "counter", "preferences", "maps", "monitoring", "logging");

  private static String plural(String kind) {
    return switch (kind) {
      case "pod", "pods", "po" -> "pods";
      case "deploy", "deployment", "deployments" -> "deployments";
      case "sts", "statefulset", "statefulsets" -> "statefulsets";
      case "cronjob", "cronjobs", "cj" -> "cronjobs";
      case "job", "jobs" -> "jobs";
      default -> throw new AssertionError("RunbookAccessTest: no plural for kind '" + kind + "'");
    };
  }

  private static String group(String kind) {
    return switch (plural(kind)) {
      case "deployments", "statefulsets" -> "apps";
      case "cronjobs", "jobs" -> "batch";
      default -> "";
    };
  }

  /** The pod a port-forward to svc/X reaches when X is a StatefulSet's, else any pod. */
  private static String podOf(String namespace, String kind, String name) {
    Manifests prod = Kustomize.overlay("prod");
    if (name != null && prod.find(StatefulSet.class, namespace, name).isPresent()) {
      return name + "-0";
    }
    return null;
  }

  /** Whether the on-call's bindings in {@code overlay} allow {@code access}. */
  static boolean allowed(Manifests overlay, Access access) {
    List<PolicyRule> rules = new ArrayList<>();
    if (access.namespace() == null) {
      for (ClusterRoleBinding binding : overlay.all(ClusterRoleBinding.class)) {
        if (oncall(binding.getSubjects())) {
          rules.addAll(rulesOf(overlay, binding.getRoleRef(), null));
        }
      }
    } else {
      for (RoleBinding binding : overlay.all(RoleBinding.class)) {
        if (access.namespace().equals(binding.getMetadata().getNamespace())
            && oncall(binding.getSubjects())) {
          rules.addAll(rulesOf(overlay, binding.getRoleRef(), access.namespace()));
        }
      }
    }
    return rules.stream().anyMatch(rule -> matches(rule, access));
  }

  private static boolean oncall(List<Subject> subjects) {
    return subjects != null
        && subjects.stream()
            .anyMatch(s -> "Group".equals(s.getKind()) && ONCALL.equals(s.getName()));
  }

  /**
   * Kubernetes' built-in "view": reads of everything namespaced but Secrets, exec, port-forward.
   */
  private static final PolicyRule VIEW =
      new PolicyRule(
          List.of("", "apps", "batch", "autoscaling", "cert-manager.io", "metrics.k8s.io"),
          List.of(),
          List.of(),
          List.of(
              "pods",
              "pods/log",
              "events",
              "services",
              "endpoints",
              "configmaps",
              "persistentvolumeclaims",
              "deployments",
              "replicasets",
              "statefulsets",
              "jobs",
              "cronjobs",
              "horizontalpodautoscalers",
              "certificates",
              "certificaterequests"),
          List.of("get", "list", "watch"));

  private static List<PolicyRule> rulesOf(Manifests overlay, RoleRef ref, String namespace) {
    if (ref.getKind().equals("ClusterRole") && ref.getName().equals("view")) {
      return List.of(VIEW);
    }
    HasMetadata role =
        ref.getKind().equals("ClusterRole")
            ? overlay.find(ClusterRole.class, null, ref.getName()).orElse(null)
            : overlay.find(Role.class, namespace, ref.getName()).orElse(null);
    assertThat(role)
        .as(
            "%s: the on-call is bound to %s %s, which the overlay does not define",
            overlay.name(), ref.getKind(), ref.getName())
        .isNotNull();
    return role instanceof ClusterRole c ? c.getRules() : ((Role) role).getRules();
  }

  private static boolean matches(PolicyRule rule, Access access) {
    boolean verb =
        rule.getVerbs().contains(access.verb())
            || rule.getVerbs().contains("*")
            || (access.verb().equals("get") && rule.getVerbs().contains("list"));
    boolean group =
        rule.getApiGroups().contains(access.group()) || rule.getApiGroups().contains("*");
    boolean resource = rule.getResources().contains(access.resource());
    List<String> names = Objects.requireNonNullElse(rule.getResourceNames(), List.of());
    boolean name = names.isEmpty() || (access.name() != null && names.contains(access.name()));
    return verb && group && resource && name;
  }

  @Test
  void theRunbooksHaveCommandsToCheck() throws IOException {
    // A parser that finds nothing would pass everything below.
    Map<String, Long> bySource = new TreeMap<>();
    commands().forEach(c -> bySource.merge(c.source(), 1L, Long::sum));
    assertThat(bySource.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(40);
    assertThat(commands())
        .extracting(Command::text)
        .contains(
            "kubectl -n <namespace> delete pod <pod>",
            "kubectl -n wrpi patch cronjob wrpi-updater -p '{\"spec\":{\"suspend\":false}}'",
            "kubectl -n <namespace> rollout undo deployment/<service>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void theOncallMayRunEveryRunbookCommandOrItIsEscalatedByDesign(String env) throws IOException {
    Manifests overlay = Kustomize.overlay(env);
    Map<String, String> cannot = new LinkedHashMap<>();
    for (Command command : commands()) {
      if (command.escalated() != null) {
        continue;
      }
      for (Access access : command.needs()) {
        if (!allowed(overlay, access)) {
          cannot.put(command.source() + ": " + command.text(), access.toString());
        }
      }
    }
    assertThat(cannot).as("%s: runbook commands the on-call cannot run", env).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void whatIsEscalatedIsReallyNotGranted(String env) {
    Manifests overlay = Kustomize.overlay(env);
    for (String ns : NAMESPACES) {
      assertThat(allowed(overlay, new Access("create", "", "pods/exec", ns, null)))
          .as("%s: exec in %s (%s)", env, ns, Escalated.EXEC.why)
          .isFalse();
      assertThat(allowed(overlay, new Access("get", "", "secrets", ns, null)))
          .as("%s: Secrets in %s (%s)", env, ns, Escalated.SECRET_READ.why)
          .isFalse();
      assertThat(allowed(overlay, new Access("create", "apps", "deployments", ns, null)))
          .as("%s: creating workloads in %s (%s)", env, ns, Escalated.DEPLOY.why)
          .isFalse();
    }
    assertThat(allowed(overlay, new Access("patch", "", "nodes", null, null)))
        .as("%s: nodes (%s)", env, Escalated.NODE_WRITE.why)
        .isFalse();
  }

  @Test
  void anUnknownSubcommandMustBeClassified() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> classify("x.md", "kubectl -n wrpi set image deploy/wrpi-api x=y"))
        .hasMessageContaining("classify kubectl set");
  }
}

package dev.day2.k8s;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates the rendered NetworkPolicies the way Kubernetes does for one connection (TCP unless
 * named) from a pod of one workload to a port of another: allowed when the source's egress and the
 * target's ingress both allow it (a side that no policy selects is not isolated). {@code ipBlock}
 * peers are taken to match no pod (what they do for pod addresses depends on the CNI).
 */
final class NetworkFlows {
  private final Manifests manifests;

  NetworkFlows(Manifests manifests) {
    this.manifests = manifests;
  }

  boolean allows(Workload from, Workload to, int port) {
    return allows(from, to, port, "TCP");
  }

  /** The same for {@code protocol}, TCP or UDP. */
  boolean allows(Workload from, Workload to, int port, String protocol) {
    return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
  }

  boolean egressAllows(Workload from, Workload to, int port) {
    return egressAllows(from, to, port, "TCP");
  }

  boolean egressAllows(Workload from, Workload to, int port, String protocol) {
    List<NetworkPolicy> isolating = selecting(from, "Egress");
    return isolating.isEmpty()
        || isolating.stream()
            .anyMatch(p ->
                Objects.requireNonNullElse(
                        p.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of())
                    .stream()
                    .anyMatch(rule ->
                        peersMatch(p, rule.getTo(), to)
                            && portsMatch(rule.getPorts(), port, protocol, to)));
  }

  boolean ingressAllows(Workload from, Workload to, int port) {
    return ingressAllows(from, to, port, "TCP");
  }

  boolean ingressAllows(Workload from, Workload to, int port, String protocol) {
    List<NetworkPolicy> isolating = selecting(to, "Ingress");
    return isolating.isEmpty()
        || isolating.stream()
            .anyMatch(p ->
                Objects.requireNonNullElse(
                        p.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())
                    .stream()
                    .anyMatch(rule ->
                        peersMatch(p, rule.getFrom(), from)
                            && portsMatch(rule.getPorts(), port, protocol, to)));
  }

  private List<NetworkPolicy> selecting(Workload w, String type) {
    return manifests.all(NetworkPolicy.class).stream()
        .filter(p -> p.getMetadata().getNamespace().equals(w.namespace()))
        .filter(p -> p.getSpec().getPolicyTypes().contains(type))
        .filter(p -> Manifests.selects(p.getSpec().getPodSelector(), w.podLabels()))
        .toList();
  }

  private boolean peersMatch(NetworkPolicy policy, List<NetworkPolicyPeer> peers, Workload peer) {
    return peers == null
        || peers.isEmpty()
        || peers.stream().anyMatch(p -> matches(policy, p, peer));
  }

  private boolean matches(NetworkPolicy policy, NetworkPolicyPeer p, Workload peer) {
    if (p.getIpBlock() != null) {
      return false;
    }
    boolean namespaceOk =
        p.getNamespaceSelector() == null
            ? peer.namespace().equals(policy.getMetadata().getNamespace())
            : Manifests.selects(p.getNamespaceSelector(), namespaceLabels(peer.namespace()));
    boolean podOk =
        p.getPodSelector() == null || Manifests.selects(p.getPodSelector(), peer.podLabels());
    return namespaceOk && podOk;
  }

  private static boolean portsMatch(
      List<NetworkPolicyPort> ports, int port, String protocol, Workload target) {
    return ports == null
        || ports.isEmpty()
        || ports.stream()
            .filter(p -> Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol))
            .anyMatch(p -> p.getPort() == null || resolve(p.getPort(), target) == port);
  }

  private Map<String, String> namespaceLabels(String namespace) {
    Map<String, String> labels = new HashMap<>();
    manifests
        .find(Namespace.class, null, namespace)
        .map(ns -> ns.getMetadata().getLabels())
        .ifPresent(labels::putAll);
    labels.put("kubernetes.io/metadata.name", namespace); // set by the API server
    return labels;
  }

  /** A numeric port, or a named one resolved against the target's container ports. */
  private static int resolve(IntOrString port, Workload target) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    for (Container c : target.containers()) {
      for (ContainerPort p : Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    return -1;
  }
}

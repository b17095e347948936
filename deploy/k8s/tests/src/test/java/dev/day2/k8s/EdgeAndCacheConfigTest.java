package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge and the cache run deploy/edge/haproxy.cfg and deploy/cache/default.vcl as rendered for
 * Kubernetes: the real haproxy and varnishd accept them with the Deployments' settings.
 */
class EdgeAndCacheConfigTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void haproxyAcceptsTheRenderedConfigWithTheDeploymentsEnvironmentAndCertificateLayout(
      String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Deployment edge = m.find(Deployment.class, "platform", "edge").orElseThrow();
    Container haproxy = edge.getSpec().getTemplate().getSpec().getContainers().getFirst();
    String cfg = mountedFile(m, edge, "/usr/local/etc/haproxy", "haproxy.cfg");
    assertThat(cfg).isEqualTo(Files.readString(Kustomize.HOME.resolve("deploy/edge/haproxy.cfg")));

    // The cert-manager Secret is mounted as edge.pem (certificate) + edge.pem.key (key).
    Path certs = Files.createDirectories(dir.resolve("certs"));
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=day2.example",
            "-keyout",
            certs.resolve("edge.pem.key").toString(),
            "-out",
            certs.resolve("edge.pem").toString()),
        Map.of());
    Path cfgFile = Files.writeString(dir.resolve("haproxy.cfg"), cfg);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : haproxy.getEnv()) {
      env.put(var.getName(), var.getValue());
    }
    assertThat(env.get("EDGE_CERT")).isEqualTo("/etc/haproxy/certs/edge.pem");
    env.put("EDGE_CERT", certs.resolve("edge.pem").toString());

    String out = run(List.of(haproxyBinary(), "-c", "-f", cfgFile.toString()), env);

    assertThat(out).contains("Configuration file is valid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void varnishCompilesTheRenderedVclWithTheKubernetesBackends(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Deployment cache = m.find(Deployment.class, "maps", "tiles-cache").orElseThrow();
    List<String> args =
        cache.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
    assertThat(String.join(" ", args))
        .contains("-f /etc/varnish/default.vcl", "-p vcl_path=/etc/varnish", "-a http=:6081");
    String vcl = mountedFile(m, cache, "/etc/varnish", "default.vcl");
    String backends = mountedFile(m, cache, "/etc/varnish", "backends.vcl");
    assertThat(vcl).isEqualTo(Files.readString(Kustomize.HOME.resolve("deploy/cache/default.vcl")));
    assertThat(backends).contains("\"tiles.maps.svc.cluster.local\"");

    // varnishd resolves backend hosts while compiling: the cluster's DNS name does not exist here.
    // As root it reads the files as its unprivileged user: make them readable.
    Path vclDir = Files.createDirectories(dir.resolve("vcl"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(vclDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(vclDir.resolve("default.vcl"), vcl);
    Files.writeString(
        vclDir.resolve("backends.vcl"),
        backends.replace("\"tiles.maps.svc.cluster.local\"", "\"127.0.0.1\""));

    run(
        List.of(
            varnishdBinary(),
            "-C",
            "-n",
            dir.resolve("work").toString(),
            "-f",
            vclDir.resolve("default.vcl").toString(),
            "-p",
            "vcl_path=" + vclDir),
        Map.of());
  }

  /** The content of FILE as the container sees it under MOUNT (ConfigMap or projected volume). */
  private static String mountedFile(Manifests m, Deployment d, String mount, String file) {
    var pod = d.getSpec().getTemplate().getSpec();
    String volumeName =
        pod.getContainers().getFirst().getVolumeMounts().stream()
            .filter(v -> v.getMountPath().equals(mount))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing mounted at " + mount))
            .getName();
    var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(volumeName)).findFirst();
    List<String> configMaps = new ArrayList<>();
    volume.map(v -> v.getConfigMap()).ifPresent(c -> configMaps.add(c.getName()));
    volume
        .map(v -> v.getProjected())
        .ifPresent(p ->
            p.getSources().stream()
                .filter(s -> s.getConfigMap() != null)
                .forEach(s -> configMaps.add(s.getConfigMap().getName())));
    String ns = d.getMetadata().getNamespace();
    return configMaps.stream()
        .map(name -> m.configMap(ns, name))
        .map(ConfigMap::getData)
        .filter(data -> data.containsKey(file))
        .map(data -> data.get(file))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " is in no ConfigMap mounted at " + mount));
  }

  private static String haproxyBinary() {
    return Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
  }

  private static String varnishdBinary() {
    return Files.isExecutable(Path.of("/usr/sbin/varnishd")) ? "/usr/sbin/varnishd" : "varnishd";
  }

  private String run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = Files.createTempFile(dir, "out", ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command.getFirst() + " finished").isTrue();
    String out = Files.readString(log);
    assertThat(process.exitValue()).as(command.getFirst() + " said:\n" + tail(out)).isZero();
    return out;
  }

  private static String tail(String out) {
    return out.length() > 2000 ? out.substring(out.length() - 2000) : out;
  }
}

package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make run's bearer tokens: a key pair per run, a token that key verifies, printed once. */
class LocalTokenIssuerTest {
  @TempDir Path run;

  @Test
  void makesAKeyPairConfiguresPreferencesAndPrintsAVerifiableToken() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalTokenIssuer issuer = LocalTokenIssuer.start(run, Map.of(), new PrintStream(out, true));

    Path publicKey = run.resolve("jwt/public.pem");
    assertThat(issuer.env())
        .containsEntry("JWT_ISSUER", LocalTokenIssuer.ISSUER)
        .containsEntry("JWT_AUDIENCE", "preferences")
        .containsEntry("JWT_PUBLIC_KEY_LOCATION", publicKey.toString());
    assertThat(Files.getPosixFilePermissions(run.resolve("jwt/private.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(out.toString()).contains("bearer token").contains(issuer.token());

    String[] parts = issuer.token().split("\\.");
    assertThat(parts).hasSize(3);
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(read(publicKey));
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(claims)
        .contains("\"iss\":\"" + LocalTokenIssuer.ISSUER + "\"")
        .contains("\"aud\":\"preferences\"")
        .contains("\"scope\":\"preferences:admin\"");
    long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
    assertThat(exp)
        .isBetween(
            Instant.now().plusSeconds(11 * 3600).getEpochSecond(),
            Instant.now().plusSeconds(13 * 3600).getEpochSecond());
  }

  @Test
  void anIssuerFromTheEnvironmentIsPassedOnAndNothingIsMade() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalTokenIssuer issuer =
        LocalTokenIssuer.start(
            run,
            Map.of(
                "JWT_ISSUER", "https://idp.example/",
                "JWT_PUBLIC_KEY_LOCATION", "https://idp.example/jwks.json"),
            new PrintStream(out, true));
    assertThat(issuer.env())
        .containsEntry("JWT_ISSUER", "https://idp.example/")
        .containsEntry("JWT_AUDIENCE", "preferences")
        .containsEntry("JWT_PUBLIC_KEY_LOCATION", "https://idp.example/jwks.json");
    assertThat(issuer.token()).isNull();
    assertThat(run.resolve("jwt")).doesNotExist();
  }

  private static PublicKey read(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}

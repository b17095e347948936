package dev.day2.infra.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The preferences stack of each environment, from its synthesised template. */
class PreferencesStackTest {
  private static String sha256(java.nio.file.Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(
          new java.io.OutputStream() {
            @Override
            public void write(int b) {
              digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              digest.update(b, off, len);
            }
          });
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Template template, String type) {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
  }

  private static String rotationGroup(PreferencesStack stack, PreferencesDatabase db, String id) {
    var rotation = db.instance.getNode().findChild(id);
    var group =
        (software.amazon.awscdk.services.ec2.ISecurityGroup)
            rotation.getNode().findChild("SecurityGroup");
    return stack.resolve(group.getSecurityGroupId()).toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static Map<String, Object> function(Template template, String handlerPrefix) {
    return resources(template, "AWS::Lambda::Function").values().stream()
        .map(PreferencesStackTest::props)
        .filter(p -> String.valueOf(p.get("Handler")).startsWith(handlerPrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function with handler " + handlerPrefix));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void bothFunctionsDeployTheRealArchive(String env) throws Exception {
    Template template = PreferencesSynth.template(env);
    String archive = sha256(FunctionArchive.locate(PreferencesSynth.HOME));
    for (String handler :
        List.of(PreferencesFunctions.API_HANDLER, PreferencesFunctions.MIGRATION_HANDLER)) {
      Map<String, Object> code = (Map<String, Object>) function(template, handler).get("Code");
      String key = String.valueOf(code.get("S3Key"));
      // the asset CDK staged for this key is byte for byte services/.../function.zip
      try (var files = Files.walk(java.nio.file.Path.of("target/cdk.out-preferences-test"))) {
        java.nio.file.Path staged =
            files
                .filter(f -> f.getFileName().toString().equals("asset." + key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no staged asset." + key));
        assertThat(sha256(staged)).as(handler).isEqualTo(archive);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void theApiFunctionRunsAsTheServiceReadmeSays(String env) {
    Template template = PreferencesSynth.template(env);
    PreferencesSettings settings = PreferencesSynth.stack(env).settings();
    Map<String, Object> api = function(template, PreferencesFunctions.API_HANDLER);
    assertThat(api.get("Runtime")).isEqualTo("java25");
    assertThat(api.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(((Number) api.get("ReservedConcurrentExecutions")).intValue())
        .isEqualTo(settings.apiReservedConcurrency());
    assertThat(api.get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
    assertThat(api).containsKey("VpcConfig").containsKey("LoggingConfig");
    Map<String, Object> vars =
        (Map<String, Object>) ((Map<String, Object>) api.get("Environment")).get("Variables");
    assertThat(vars)
        .containsEntry("JAVA_TOOL_OPTIONS", "--add-opens=java.base/java.lang=ALL-UNNAMED")
        .containsEntry("JWT_ISSUER", settings.issuer())
        .containsEntry("JWT_AUDIENCE", settings.audience())
        .containsEntry("JWT_PUBLIC_KEY_LOCATION", settings.jwksUrl())
        .containsEntry("DB_POOL_MAX_SIZE", Integer.toString(settings.apiPoolSize()))
        .containsKeys("DB_HOST", "DB_SECRET_ARN")
        .doesNotContainKey("DB_PASSWORD");
    template.hasResourceProperties(
        "AWS::Lambda::Alias", Map.of("Name", "live", "FunctionVersion", Match.anyValue()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theMigrationFunctionRunsAloneNeverRetriesAndHasATighterRole(String env) {
    Template template = PreferencesSynth.template(env);
    Map<String, Object> migration = function(template, PreferencesFunctions.MIGRATION_HANDLER);
    Map<String, Object> api = function(template, PreferencesFunctions.API_HANDLER);
    assertThat(((Number) migration.get("ReservedConcurrentExecutions")).intValue()).isEqualTo(1);
    assertThat(migration.get("Role")).isNotEqualTo(api.get("Role"));
    template.hasResourceProperties(
        "AWS::Lambda::EventInvokeConfig",
        Map.of(
            "MaximumRetryAttempts",
            0,
            "DestinationConfig",
            Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
    // The API role reads the large-objects bucket; the migration role touches no bucket.
    String policies = template.findResources("AWS::IAM::Policy").toString();
    assertThat(policies).contains("s3:GetObject");
    resources(template, "AWS::IAM::Policy").values().stream()
        .filter(p -> props(p).get("Roles").toString().contains("MigrationRole"))
        .forEach(p -> assertThat(props(p).get("PolicyDocument").toString()).doesNotContain("s3:"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void postgresOfTheVersionsFileMajorBehindAProxyThatRequiresTls(String env) {
    Template template = PreferencesSynth.template(env);
    template.hasResourceProperties(
        "AWS::RDS::DBInstance",
        Map.of(
            "Engine",
            "postgres",
            "EngineVersion",
            Match.stringLikeRegexp("^" + dev.day2.infra.Versions.postgresMajor()),
            "StorageEncrypted",
            true,
            "MultiAZ",
            env.equals("prod"),
            "PubliclyAccessible",
            false));
    template.hasResourceProperties(
        "AWS::RDS::DBParameterGroup",
        Map.of("Parameters", Match.objectLike(Map.of("rds.force_ssl", "1"))));
    template.hasResourceProperties(
        "AWS::RDS::DBProxy", Map.of("RequireTLS", true, "EngineFamily", "POSTGRESQL"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void securityGroupsAllowExactlyFunctionsToProxyToDatabase(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    PreferencesDatabase db = (PreferencesDatabase) stack.getNode().findChild("Database");
    PreferencesFunctions fns = (PreferencesFunctions) stack.getNode().findChild("Functions");
    String database = stack.resolve(db.databaseGroup.getSecurityGroupId()).toString();
    String proxy = stack.resolve(db.proxyGroup.getSecurityGroupId()).toString();
    String api = stack.resolve(fns.apiGroup.getSecurityGroupId()).toString();
    String migration = stack.resolve(fns.migrationGroup.getSecurityGroupId()).toString();
    // (source -> target); the proxy's rule names the instance's port, which is 5432
    List<String> ingress =
        resources(template, "AWS::EC2::SecurityGroupIngress").values().stream()
            .map(PreferencesStackTest::props)
            .map(p -> {
              String port = String.valueOf(p.get("FromPort"));
              assertThat(port).matches("5432|.*Endpoint.Port.*");
              return p.get("SourceSecurityGroupId") + " -> " + p.get("GroupId");
            })
            .toList();
    // and the two Secrets Manager rotation functions (ADR 0096) straight to the database
    String rotationMaster = rotationGroup(stack, db, "RotationSingleUser");
    String rotationApp = rotationGroup(stack, db, "AppRotation");
    assertThat(ingress)
        .containsExactlyInAnyOrder(
            proxy + " -> " + database,
            api + " -> " + proxy,
            migration + " -> " + proxy,
            rotationMaster + " -> " + database,
            rotationApp + " -> " + database);
    // no inline ingress anywhere (everything above is the whole list)
    resources(template, "AWS::EC2::SecurityGroup").values().stream()
        .map(PreferencesStackTest::props)
        .forEach(p -> assertThat(p).doesNotContainKey("SecurityGroupIngress"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theLargeObjectsBucketOnlyAnswersTheVpcOverTls(String env) {
    Template template = PreferencesSynth.template(env);
    String policies = template.findResources("AWS::S3::BucketPolicy").toString();
    assertThat(policies).contains("aws:SourceVpc").contains("aws:SecureTransport=false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theApiNeedsAJwtFromTheEnvironmentsIssuerAndIsThrottledAndLogged(String env) {
    Template template = PreferencesSynth.template(env);
    PreferencesSettings settings = PreferencesSynth.stack(env).settings();
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Api",
        Map.of("ProtocolType", "HTTP", "DisableExecuteApiEndpoint", true));
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Authorizer",
        Map.of(
            "AuthorizerType", "JWT",
            "IdentitySource", List.of("$request.header.Authorization"),
            "JwtConfiguration",
                Map.of("Issuer", settings.issuer(), "Audience", List.of(settings.audience()))));
    template.resourceCountIs("AWS::ApiGatewayV2::Route", 3);
    for (String method : List.of("GET", "PUT", "DELETE")) {
      template.hasResourceProperties(
          "AWS::ApiGatewayV2::Route",
          Map.of("RouteKey", method + " /v1/{proxy+}", "AuthorizationType", "JWT"));
    }
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Stage",
        Map.of(
            "StageName", env,
            "DefaultRouteSettings",
                Match.objectLike(
                    Map.of(
                        "ThrottlingRateLimit", settings.throttleRatePerSecond(),
                        "ThrottlingBurstLimit", settings.throttleBurst())),
            "AccessLogSettings", Match.objectLike(Map.of("Format", Match.anyValue()))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theCustomDomainIsWiredFromCertificateToRecord(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    String host = stack.hostName();
    assertThat(host).isEqualTo("preferences." + env + ".day2.example");
    template.hasResourceProperties(
        "AWS::CertificateManager::Certificate",
        Map.of(
            "DomainName",
            host,
            "ValidationMethod",
            "DNS",
            "DomainValidationOptions",
            List.of(Map.of("DomainName", host, "HostedZoneId", Map.of("Ref", "HostedZoneId")))));
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::DomainName",
        Map.of(
            "DomainName",
            host,
            "DomainNameConfigurations",
            List.of(Match.objectLike(Map.of("SecurityPolicy", "TLS_1_2")))));
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::ApiMapping",
        Map.of("ApiId", Match.anyValue(), "Stage", Match.anyValue()));
    for (String type : List.of("A", "AAAA")) {
      template.hasResourceProperties(
          "AWS::Route53::RecordSet",
          Map.of(
              "Name",
              host + ".",
              "Type",
              type,
              "HostedZoneId",
              Map.of("Ref", "HostedZoneId"),
              "AliasTarget",
              Match.objectLike(Map.of("DNSName", Match.anyValue()))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void alarmsCoverErrorsThrottlesLatencyConnectionsTheDatabaseAndMigrations(String env) {
    Template template = PreferencesSynth.template(env);
    String alarms = template.findResources("AWS::CloudWatch::Alarm").toString();
    template.resourceCountIs("AWS::CloudWatch::Alarm", 7);
    assertThat(alarms)
        .contains("MetricName=5xx")
        .contains("Throttles")
        .contains("p99")
        .contains("DatabaseConnections")
        .contains("Errors");
    // The consent database's own CPU and storage, like the Data stack's instance.
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        java.util.Map.of("MetricName", "CPUUtilization", "Threshold", 80, "EvaluationPeriods", 3));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        java.util.Map.of(
            "MetricName",
            "FreeStorageSpace",
            "ComparisonOperator",
            "LessThanOrEqualToThreshold",
            "Threshold",
            (env.equals("prod") ? 100 : 20) * 1024.0 * 1024 * 1024 / 10));
    // Every alarm reports its return to OK too, as the platform alarms do.
    template
        .findResources("AWS::CloudWatch::Alarm")
        .values()
        .forEach(alarm -> assertThat(String.valueOf(alarm)).contains("OKActions"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void cdkNagFindsNothingAndEverySuppressionHasAReason(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    assertThat(
            Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
        .as("cdk-nag errors")
        .isEmpty();
    String json = PreferencesSynth.template(env).toJSON().toString();
    java.util.regex.Matcher reasons =
        java.util.regex.Pattern.compile("reason=([^,}]*)").matcher(json);
    int count = 0;
    while (reasons.find()) {
      count++;
      assertThat(reasons.group(1).strip()).as("a suppression's reason").hasSizeGreaterThan(30);
    }
    assertThat(count).as("suppressions found").isPositive();
  }
}

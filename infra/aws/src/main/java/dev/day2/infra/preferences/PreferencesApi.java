package dev.day2.infra.preferences;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.SecurityPolicy;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGatewayv2DomainProperties;
import software.constructs.Construct;

/**
 * API Gateway HTTP API: {@code /v1/*} behind the JWT authorizer, integrated with the API function's
 * {@code live} alias; one stage per environment with throttling and JSON access logs; the custom
 * domain {@code preferences.<env>.<domain>} (ACM certificate validated in Route 53, API mapping,
 * A/AAAA alias records). The {@code execute-api} endpoint is off: the domain is the only way in.
 * HTTP APIs cannot carry AWS WAF (REST APIs, ALB, CloudFront can): see ADR 0065 for where it goes.
 */
final class PreferencesApi extends Construct {
  final HttpApi api;
  final HttpStage stage;
  final DomainName domain;
  final Certificate certificate;
  final LogGroup accessLogs;

  PreferencesApi(
      Construct scope,
      String id,
      String environment,
      PreferencesSettings settings,
      PreferencesFunctions functions,
      IHostedZone zone,
      String hostName,
      RetentionDays retention) {
    super(scope, id);
    certificate =
        Certificate.Builder.create(this, "Certificate")
            .domainName(hostName)
            .validation(CertificateValidation.fromDns(zone))
            .build();
    domain =
        DomainName.Builder.create(this, "Domain")
            .domainName(hostName)
            .certificate(certificate)
            .securityPolicy(SecurityPolicy.TLS_1_2)
            .build();

    HttpJwtAuthorizer authorizer =
        new HttpJwtAuthorizer(
            "Jwt",
            settings.issuer(),
            HttpJwtAuthorizerProps.builder()
                .authorizerName("preferences-jwt")
                .jwtAudience(List.of(settings.audience()))
                .identitySource(List.of("$request.header.Authorization"))
                .build());
    api =
        HttpApi.Builder.create(this, "Http")
            .apiName("preferences-" + environment)
            .description("preferences API (" + environment + ")")
            .createDefaultStage(false)
            .disableExecuteApiEndpoint(true)
            .build();
    api.addRoutes(
        AddRoutesOptions.builder()
            .path("/v1/{proxy+}")
            .methods(List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE))
            .integration(new HttpLambdaIntegration("Live", functions.live))
            .authorizer(authorizer)
            .build());

    accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stage =
        HttpStage.Builder.create(this, "Stage")
            .httpApi(api)
            .stageName(environment)
            .autoDeploy(true)
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(settings.throttleRatePerSecond())
                    .burstLimit(settings.throttleBurst())
                    .build())
            .detailedMetricsEnabled(true)
            .accessLogSettings(
                new software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings() {
                  @Override
                  public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination
                      getDestination() {
                    return new LogGroupLogDestination(accessLogs);
                  }

                  @Override
                  public AccessLogFormat getFormat() {
                    return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                  }
                })
            .build();
    ApiMapping.Builder.create(this, "Mapping").api(api).domainName(domain).stage(stage).build();
    RecordTarget target =
        RecordTarget.fromAlias(
            new ApiGatewayv2DomainProperties(
                domain.getRegionalDomainName(), domain.getRegionalHostedZoneId()));
    ARecord.Builder.create(this, "A").zone(zone).recordName(hostName).target(target).build();
    AaaaRecord.Builder.create(this, "Aaaa").zone(zone).recordName(hostName).target(target).build();
  }

  /**
   * One JSON object per request, with the ids that join it to the function's own log lines. It is
   * the consent audit trail (who read or changed whose preferences), so unlike the operational
   * access logs it keeps the path's user id beside the token's subject (ADR 0136).
   */
  static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
          + "\"time\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
          + "\"path\":\"$context.path\",\"status\":\"$context.status\","
          + "\"latencyMs\":\"$context.responseLatency\","
          + "\"integrationStatus\":\"$context.integrationStatus\","
          + "\"integrationLatencyMs\":\"$context.integrationLatency\","
          + "\"authorizerError\":\"$context.authorizer.error\","
          + "\"subject\":\"$context.authorizer.claims.sub\"}";
}

package dev.day2.infra;

/**
 * The Google credential configuration tiles reads (Secret tiles-gcp, credentials.json): workload
 * identity federation, no service account key. Google STS accepts the projected Kubernetes service
 * account token of maps/tiles (audience {@link Contract#GCP_TOKEN_AUDIENCE}), because the GCP
 * workload identity pool trusts this cluster's OIDC issuer; the federated identity then
 * impersonates the GCP service account that may read the tiles dataset. The GCP side is set up with
 * gcloud (infra/aws/README.md, BigQuery); nothing in it is secret.
 */
final class GcpFederation {
  /** Where the tiles overlay mounts the projected token. */
  static final String TOKEN_FILE = "/var/run/secrets/tokens/gcp/token";

  private GcpFederation() {}

  static String credentialConfig(EnvConfig config) {
    String provider =
        "//iam.googleapis.com/projects/"
            + config.tilesGcpProjectNumber()
            + "/locations/global/workloadIdentityPools/day2-"
            + config.name()
            + "/providers/eks";
    String serviceAccount =
        "day2-tiles@" + config.tilesBigQueryProject() + ".iam.gserviceaccount.com";
    return "{\"type\":\"external_account\","
        + "\"audience\":\""
        + provider
        + "\",\"subject_token_type\":\"urn:ietf:params:oauth:token-type:jwt\","
        + "\"token_url\":\"https://sts.googleapis.com/v1/token\","
        + "\"service_account_impersonation_url\":"
        + "\"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/"
        + serviceAccount
        + ":generateAccessToken\","
        + "\"credential_source\":{\"file\":\""
        + TOKEN_FILE
        + "\"}}";
  }
}

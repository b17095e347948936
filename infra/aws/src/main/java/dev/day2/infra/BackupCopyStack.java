package dev.day2.infra;

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/** The vault in the second region that prod's backups are copied to. */
public final class BackupCopyStack extends Stack {
  BackupCopyStack(Construct scope, String id, EnvConfig config) {
    super(
        scope,
        id,
        StackProps.builder()
            .env(
                Environment.builder()
                    .account(config.account())
                    .region(config.backupCopyRegion())
                    .build())
            .description(
                "Day2 " + config.name() + ": backup copies in " + config.backupCopyRegion())
            .terminationProtection(true)
            .build());
    Key key =
        Key.Builder.create(this, "Key")
            .description("Day2 " + config.name() + " backup copies")
            .enableKeyRotation(true)
            .build();
    BackupVault.Builder.create(this, "Vault")
        .backupVaultName(vaultName(config))
        .encryptionKey(key)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  static String vaultName(EnvConfig config) {
    return "day2-" + config.name() + "-copy";
  }
}

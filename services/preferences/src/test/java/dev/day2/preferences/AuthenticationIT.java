package dev.day2.preferences;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged jar. */
@QuarkusIntegrationTest
class AuthenticationIT extends AuthenticationTest {}

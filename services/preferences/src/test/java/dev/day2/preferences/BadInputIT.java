package dev.day2.preferences;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged jar. */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {}

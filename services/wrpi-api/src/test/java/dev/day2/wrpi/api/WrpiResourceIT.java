package dev.day2.wrpi.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged jar. */
@QuarkusIntegrationTest
class WrpiResourceIT extends WrpiResourceTest {}

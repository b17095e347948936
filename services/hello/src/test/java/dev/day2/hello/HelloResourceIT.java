package dev.day2.hello;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged jar. */
@QuarkusIntegrationTest
class HelloResourceIT extends HelloResourceTest {}

package dev.day2.counter;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged jar. */
@QuarkusIntegrationTest
class CounterResourceIT extends CounterResourceTest {}

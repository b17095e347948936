package dev.day2.hello;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The latency buckets, checked against the packaged jar. */
@QuarkusIntegrationTest
class HttpHistogramsIT extends HttpHistogramsTest {}

package dev.day2.tiles;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour, checked against the packaged jar. */
@QuarkusIntegrationTest
class TileResourceIT extends TileResourceTest {}

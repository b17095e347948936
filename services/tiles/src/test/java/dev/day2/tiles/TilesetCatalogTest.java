package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The catalog remembers tilesets and ids that name none for the metadata TTL, and never more than
 * {@link TilesetCatalog#MAX_UNKNOWN} of the latter, however many a client invents. The store is a
 * stand-in that counts its metadata queries (what BigQuery would bill).
 */
class TilesetCatalogTest {
  private static final Duration TTL = Duration.ofSeconds(60);
  private final List<String> queries = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

  private final TileSource source =
      new TileSource() {
        @Override
        public Uni<Optional<byte[]>> metadata(String tileset) {
          queries.add(tileset);
          return Uni.createFrom()
              .item(
                  tileset.equals("osm_buildings")
                      ? Optional.of(
                          "{\"minzoom\":12,\"maxzoom\":16}".getBytes(StandardCharsets.UTF_8))
                      : Optional.empty());
        }

        @Override
        public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt p) {
          throw new AssertionError("the catalog reads metadata only");
        }

        @Override
        public Uni<Void> ping() {
          return Uni.createFrom().voidItem();
        }
      };

  private final TilesetCatalog catalog = new TilesetCatalog(source, clock, TTL);

  private Optional<PublishedTileset> find(String id) {
    return catalog.find(id).await().indefinitely();
  }

  @Test
  void aTilesetAndAnUnknownIdAreEachQueriedOncePerTtl() {
    assertThat(find("osm_buildings")).isPresent();
    assertThat(find("nope")).isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(find("osm_buildings")).isPresent();
    assertThat(find("nope")).isEmpty();
    assertThat(queries).containsExactly("osm_buildings", "nope");
    clock.advance(Duration.ofSeconds(1));
    find("osm_buildings");
    find("nope");
    assertThat(queries).containsExactly("osm_buildings", "nope", "osm_buildings", "nope");
  }

  @Test
  void everNewUnknownIdsNeverFillTheHeapAndTheTilesetsStayRemembered() {
    find("osm_buildings");
    for (int i = 0; i < 3 * TilesetCatalog.MAX_UNKNOWN; i++) {
      assertThat(find("made-up-" + i)).isEmpty();
      assertThat(catalog.unknownRemembered()).isLessThanOrEqualTo(TilesetCatalog.MAX_UNKNOWN);
    }
    assertThat(find("osm_buildings")).isPresent();
    assertThat(queries.stream().filter("osm_buildings"::equals)).hasSize(1);
  }

  @Test
  void expiredUnknownIdsMakeRoomBeforeFreshOnesAreDropped() {
    for (int i = 0; i < TilesetCatalog.MAX_UNKNOWN - 1; i++) {
      find("old-" + i);
    }
    clock.advance(TTL.plusSeconds(1));
    find("fresh-1");
    find("fresh-2"); // full: the expired ones go, the fresh one stays
    assertThat(catalog.unknownRemembered()).isEqualTo(2);
    int before = queries.size();
    find("fresh-1");
    assertThat(queries).hasSize(before);
  }
}

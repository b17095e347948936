package dev.day2.tileset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TilesetFormatTest {
  final Partitioning partitioning = new Partitioning("v1", 4, 1, 2, 2, 3, 4, 5);

  @Test
  void everyTileInsideTheBoxGetsAPartitionInOrder() {
    // z1: one tile (1,2); z2: 2x2 tiles -> positions 0..4 over 4 partitions
    assertThat(partitioning.partitionOf(1, 1, 2)).hasValue(0);
    assertThat(partitioning.partitionOf(2, 2, 4)).hasValue(0);
    assertThat(partitioning.partitionOf(2, 2, 5)).hasValue(1);
    assertThat(partitioning.partitionOf(2, 3, 4)).hasValue(2);
    assertThat(partitioning.partitionOf(2, 3, 5)).hasValue(3);
  }

  @Test
  void tilesOutsideTheZoomsOrTheBoxHaveNoPartition() {
    assertThat(partitioning.partitionOf(0, 0, 0)).isEmpty();
    assertThat(partitioning.partitionOf(3, 4, 8)).isEmpty();
    assertThat(partitioning.partitionOf(2, 1, 4)).isEmpty();
    assertThat(partitioning.partitionOf(2, 2, 6)).isEmpty();
  }

  @Test
  void refusesAnInconsistentPartitioning() {
    assertThatThrownBy(() -> new Partitioning("v", 0, 1, 2, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metadataRoundTripsWithItsPartitioning() {
    String json =
        "{\"vector_layers\":[],\"minzoom\":\"1\",\"maxzoom\":2,\"bounds\":\"1,2,3,4\","
            + "\"center\":[1,2,3],\"carto_partition\":"
            + "\"{\\\"version\\\":\\\"v1\\\",\\\"partitions\\\":4,\\\"zmin\\\":1,\\\"zmax\\\":2,"
            + "\\\"xmin\\\":2,\\\"xmax\\\":3,\\\"ymin\\\":4,\\\"ymax\\\":5}\"}";
    TilesetMetadata parsed = TilesetMetadata.parse(json.getBytes());
    assertThat(parsed.minzoom()).isEqualTo(1);
    assertThat(parsed.bounds()).containsExactly(1, 2, 3, 4);
    assertThat(parsed.partitioning()).contains(partitioning);
    TilesetMetadata again = TilesetMetadata.parse(parsed.toJson());
    assertThat(again.partitioning()).contains(partitioning);
    assertThat(again.center()).containsExactly(1, 2, 3);
  }

  @Test
  void badMetadataIsAnIllegalArgument() {
    assertThatThrownBy(() -> TilesetMetadata.parse("not json".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTablesAreCreatedIdempotently() {
    assertThat(TilesetTables.createStatements())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS"))
        .anySatisfy(s -> assertThat(s).contains(TilesetTables.TILES))
        .anySatisfy(s -> assertThat(s).contains(TilesetTables.SAMPLE));
  }
}

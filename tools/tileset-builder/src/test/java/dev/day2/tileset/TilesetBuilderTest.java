package dev.day2.tileset;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class TilesetBuilderTest {
  private static Tileset monaco;

  @BeforeAll
  static void build() {
    monaco = TilesetBuilder.monaco();
  }

  static JtsMvt decode(byte[] gzipped) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return MvtReader.loadMvt(
          in,
          new GeometryFactory(),
          new TagKeyValueMapConverter(false, "id"),
          MvtReader.RING_CLASSIFIER_V2_1);
    }
  }

  @Test
  void readsEveryMonacoBuilding() {
    assertThat(GeoJsonBuildings.monaco()).hasSize(1207);
  }

  @Test
  void coversZooms12To16WithAMetadataRowFirst() {
    assertThat(monaco.rows().get(0).isMetadata()).isTrue();
    assertThat(monaco.tiles()).extracting(TileRow::z).containsOnly(12, 13, 14, 15, 16);
    assertThat(monaco.tiles().stream().filter(t -> t.z() == 12)).hasSize(1);
    assertThat(monaco.metadata().minzoom()).isEqualTo(12);
    assertThat(monaco.metadata().maxzoom()).isEqualTo(16);
  }

  @Test
  void everyBuildingAppearsInTheMaxZoomTiles() throws IOException {
    Set<Object> ids = new HashSet<>();
    for (TileRow row : monaco.tiles()) {
      if (row.z() == 16) {
        for (Geometry g : decode(row.data()).getLayer("buildings").getGeometries()) {
          ids.add(((Map<?, ?>) g.getUserData()).get("id"));
        }
      }
    }
    assertThat(ids).hasSize(1207);
  }

  @Test
  void decodedFeaturesKeepTheirPolygonsAndTags() throws IOException {
    TileRow z12 = monaco.tiles().stream().filter(t -> t.z() == 12).findFirst().orElseThrow();
    assertThat(z12.x()).isEqualTo(2132);
    assertThat(z12.y()).isEqualTo(1493);
    JtsLayer layer = decode(z12.data()).getLayer("buildings");
    assertThat(layer.getExtent()).isEqualTo(4096);
    List<Map<?, ?>> tags =
        layer.getGeometries().stream().<Map<?, ?>>map(g -> (Map<?, ?>) g.getUserData()).toList();
    assertThat(tags).anySatisfy(t -> assertThat(t.get("name")).isEqualTo("Musée Océanographique"));
    assertThat(layer.getGeometries())
        .allSatisfy(g -> assertThat(g.getGeometryType()).isIn("Polygon", "MultiPolygon"));
  }

  @Test
  void everyTileSitsInThePartitionTheMetadataComputes() {
    Partitioning p = monaco.metadata().partitioning().orElseThrow();
    assertThat(monaco.tiles())
        .allSatisfy(
            t -> assertThat(p.partitionOf(t.z(), t.x(), t.y())).hasValue(t.cartoPartition()));
    assertThat(monaco.tiles())
        .extracting(TileRow::cartoPartition)
        .contains(0)
        .allSatisfy(n -> assertThat(n).isBetween(0, p.partitions() - 1));
    assertThat(p.partitionOf(14, 0, 0)).isEmpty();
    assertThat(p.partitionOf(11, 1066, 746)).isEmpty();
  }

  @Test
  void sameInputGivesTheSameBytesAndVersion() {
    Tileset again = TilesetBuilder.monaco();
    assertThat(again.version()).isEqualTo(monaco.version()).hasSize(16);
    assertThat(again.rows().get(5).data()).isEqualTo(monaco.rows().get(5).data());
  }

  @Test
  void metadataRoundTripsThroughJson() {
    TilesetMetadata parsed = TilesetMetadata.parse(monaco.metadata().toJson());
    assertThat(parsed.partitioning()).isEqualTo(monaco.metadata().partitioning());
    assertThat(parsed.bounds()[0]).isBetween(7.408, 7.410);
    assertThat(parsed.vectorLayers().get(0).path("id").asText()).isEqualTo("buildings");
  }

  @Test
  void readsCartoStyleStringFields() {
    String carto =
        "{\"minzoom\":\"0\",\"maxzoom\":\"14\",\"bounds\":\"-10,-5,10,5\",\"center\":\"0,0,2\"}";
    TilesetMetadata parsed = TilesetMetadata.parse(carto.getBytes());
    assertThat(parsed.maxzoom()).isEqualTo(14);
    assertThat(parsed.bounds()).containsExactly(-10, -5, 10, 5);
    assertThat(parsed.partitioning()).isEmpty();
  }
}

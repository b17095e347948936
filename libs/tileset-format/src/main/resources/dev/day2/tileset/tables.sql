-- The PostgreSQL tables the tiles service reads (TILES_SOURCE=postgres) and `tileset-builder seed`
-- creates and fills. Idempotent: every statement may run again.
CREATE TABLE IF NOT EXISTS tileset_tiles (
  tileset         text    NOT NULL,
  z               integer NOT NULL,
  x               bigint  NOT NULL,
  y               bigint  NOT NULL,
  carto_partition integer,
  data            bytea   NOT NULL,
  PRIMARY KEY (tileset, z, x, y)
);
-- The source table of the tileset, for GET /maps/table/{id}: geometry as GeoJSON (no PostGIS needed).
CREATE TABLE IF NOT EXISTS osm_buildings (
  id       bigint PRIMARY KEY,
  osm_type text   NOT NULL,
  building text,
  name     text,
  levels   text,
  height   text,
  geom     jsonb  NOT NULL
);

# Containers (compose) and the production brief: five API replicas behind one cache.
backend tiles_1 { .host = "tiles-1"; .port = "8085"; .probe = tiles_ready; }
backend tiles_2 { .host = "tiles-2"; .port = "8085"; .probe = tiles_ready; }
backend tiles_3 { .host = "tiles-3"; .port = "8085"; .probe = tiles_ready; }
backend tiles_4 { .host = "tiles-4"; .port = "8085"; .probe = tiles_ready; }
backend tiles_5 { .host = "tiles-5"; .port = "8085"; .probe = tiles_ready; }

sub vcl_init {
  tiles.add_backend(tiles_1);
  tiles.add_backend(tiles_2);
  tiles.add_backend(tiles_3);
  tiles.add_backend(tiles_4);
  tiles.add_backend(tiles_5);
}

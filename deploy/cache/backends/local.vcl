# make run: two tiles replicas on this machine (8085 and 18085, see local/Services.java).
backend tiles_1 { .host = "127.0.0.1"; .port = "8085"; .probe = tiles_ready; }
backend tiles_2 { .host = "127.0.0.1"; .port = "18085"; .probe = tiles_ready; }

sub vcl_init {
  tiles.add_backend(tiles_1);
  tiles.add_backend(tiles_2);
}

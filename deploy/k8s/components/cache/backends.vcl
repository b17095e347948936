# Kubernetes: one backend, the tiles Service. Varnish resolves it once, at VCL load, to the
# Service's cluster IP and kube-proxy spreads requests over the (prod: five) ready tiles pods; the
# probe sees the Service answer as long as one replica is ready. default.vcl is deploy/cache's.
backend tiles_svc { .host = "tiles.maps.svc.cluster.local"; .port = "8085"; .probe = tiles_ready; }

sub vcl_init {
  tiles.add_backend(tiles_svc);
}

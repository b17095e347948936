# Varnish in front of the tiles API: the single VCL for every topology (make run, compose,
# Kubernetes). Only the backend list differs; it comes from `backends.vcl`, looked up on
# varnishd's vcl_path (see deploy/cache/README.md and deploy/cache/backends/).
vcl 4.1;

import directors;
import std;

# Health probe shared by every backend: the API is ready only while its tile store answers.
probe tiles_ready {
  .url = "/q/health/ready";
  .interval = 1s;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
  .initial = 2;
}

# Who may BAN (invalidate) a tileset: the cache host itself. Operators run the BAN inside the
# cache container/pod (kubectl exec ... curl -X BAN), never from the Internet.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_init {
  new tiles = directors.round_robin();
}

# Defines the backends (each with `.probe = tiles_ready;`) and adds them to `tiles` in vcl_init.
include "backends.vcl";

sub vcl_recv {
  set req.backend_hint = tiles.backend();

  if (req.method == "BAN") {
    if (client.ip !~ purgers) {
      return (synth(403, "BAN not allowed from this address"));
    }
    # BAN /maps/tileset/<id>: drops every cached tile and the TileJSON of that tileset only.
    if (req.url !~ "^/maps/tileset/[A-Za-z0-9_-]{1,64}$") {
      return (synth(400, "BAN needs /maps/tileset/<id>"));
    }
    ban("obj.http.X-Tileset == " + regsub(req.url, "^/maps/tileset/", ""));
    return (synth(200, "banned"));
  }

  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # Tiles, TileJSON and tables are public: cookies and credentials never reach the cache key.
  unset req.http.Cookie;
  if (req.url !~ "^/maps/(tileset|table)/" || req.http.Authorization) {
    return (pass);
  }
  if (req.url ~ "^/maps/table/") {
    # A table's GeoJSON (up to 10 MiB, a BigQuery job or a long PostgreSQL read per miss) is keyed
    # on its path and the two parameters that choose the answer, geomField and format, in one
    # order; any other parameter is dropped, as for tiles. "/t?a=1&format=g" -> "/t&a=1&format=g"
    # -> "/t&format=g" -> "/t?format=g". A path holding "&" is not rewritten (the API refuses it).
    if (req.url ~ "^/maps/table/[^?&]*\?") {
      set req.url = regsub(req.url, "\?", "&");
      set req.url = regsuball(req.url, "&(?!(?:geomField|format)=)[^&]*", "");
      set req.url = std.querysort(regsub(req.url, "&", "?"));
    }
  } else if (req.url ~ "\?") {
    # The cache key is the path and the tileset version `v` of the TileJSON's tile URLs: any other
    # query parameter (a tracker's, a cache-buster's) is dropped here, so it neither splits the
    # cache nor takes a request past it to the tile store (in production BigQuery, which bills
    # each query).
    if (req.url ~ "[?&]v=[^&]*") {
      set req.url = regsub(req.url, "^([^?]*)\?(?:.*&)?(v=[^&]*).*$", "\1?\2");
    } else {
      set req.url = regsub(req.url, "\?.*$", "");
    }
  }
  # One cached variant per encoding: gzip or identity (Varnish gunzips for identity clients).
  if (req.http.Accept-Encoding ~ "gzip") {
    set req.http.Accept-Encoding = "gzip";
  } else {
    unset req.http.Accept-Encoding;
  }
  # While a backend is healthy serve at most 10 s stale (and refresh in the background); when all
  # are down the object's full grace applies.
  if (std.healthy(req.backend_hint)) {
    set req.grace = 10s;
  }
  return (hash);
}

sub vcl_hash {
  # TileJSON names its tile URLs after the host and scheme the client used (X-Forwarded-* from the
  # edge): key it on them too, so one client's forwarded host is never served to another.
  if (req.url ~ "^/maps/tileset/[A-Za-z0-9_-]{1,64}(\?|$)") {
    hash_data(req.http.X-Forwarded-Host);
    hash_data(req.http.X-Forwarded-Proto);
  }
}

sub vcl_backend_response {
  # Remember the tileset so a BAN can find its objects (the ban lurker tests obj.* only).
  if (bereq.url ~ "^/maps/tileset/[A-Za-z0-9_-]{1,64}(/|\?|$)") {
    set beresp.http.X-Tileset = regsub(bereq.url, "^/maps/tileset/([A-Za-z0-9_-]{1,64}).*$", "\1");
  }
  unset beresp.http.Set-Cookie;

  if (beresp.status >= 500) {
    # Never cache a server error; during a background refresh keep serving the stale object.
    if (bereq.is_bgfetch) {
      return (abandon);
    }
    set beresp.ttl = 0s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  # What the API marks no-store (its own errors: an unknown tileset or table) is never stored. This
  # VCL returns before the built-in one, which would otherwise have checked it.
  if (beresp.status != 200 && beresp.status != 204 && beresp.status != 404
      || beresp.http.Cache-Control ~ "(?i)no-store|private") {
    set beresp.uncacheable = true;
    return (deliver);
  }
  # TTL comes from the API's Cache-Control; grace serves stale tiles while backends are down;
  # keep lets Varnish revalidate expired objects with If-None-Match (the API's strong ETag).
  set beresp.grace = 24h;
  set beresp.keep = 24h;
  return (deliver);
}

sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
  unset resp.http.X-Tileset;
  unset resp.http.Via;
  unset resp.http.X-Varnish;
}

sub vcl_synth {
  if (resp.status == 403 || resp.status == 400 || resp.status == 200) {
    set resp.http.Content-Type = "application/json";
    set resp.body = {"{"error":""} + regsuball(resp.reason, " ", "_") + {"","message":""} + resp.reason + {"""} + "}";
    return (deliver);
  }
}

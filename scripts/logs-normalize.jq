# One line of a make run log file (`$file`: its name without .log, e.g. hello-1) → "<ts>\t<json>".
# Services' JSON lines keep their fields, plus: instance/service (from the file name if missing),
# request_id (from the MDC), ts (ISO-8601 UTC). HAProxy's JSON access lines become service "edge".
# Plain-text lines (redis, varnish, prometheus) become {service, instance, message} and inherit
# the time of the line before them, so they sort in place.
def months: {"Jan":"01","Feb":"02","Mar":"03","Apr":"04","May":"05","Jun":"06",
             "Jul":"07","Aug":"08","Sep":"09","Oct":"10","Nov":"11","Dec":"12"};
# HAProxy's %tr: 23/Nov/2026:07:19:05.889 (the host's time; UTC on our hosts and images)
def haproxy_time:
  capture("^(?<d>[0-9]{2})/(?<m>[A-Za-z]{3})/(?<y>[0-9]{4}):(?<t>[0-9:.]+)$")
  | "\(.y)-\(months[.m])-\(.d)T\(.t)Z";
def service_of($f): $f | sub("-[0-9]+$"; "");

foreach inputs as $line ({ts: ""};
  ($line | try fromjson catch null) as $j
  | if ($j | type) == "object" then
      ($j
        | .instance //= $file
        | .service //= (if .source == "haproxy" then "edge" else service_of($file) end)
        | if .request_id == null and .mdc.request_id != null then .request_id = .mdc.request_id else . end
        | .ts = (if (.timestamp | type) == "string" then .timestamp
                 elif (.time | type) == "string" then (.time | try haproxy_time catch "")
                 else "" end)) as $o
      | {ts: (if $o.ts != "" then $o.ts else .ts end), out: $o}
    else
      {ts: .ts, out: {ts: .ts, service: service_of($file), instance: $file, message: $line}}
    end;
  "\(.ts)\t\(.out | tojson)")

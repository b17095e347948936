"""A stand-in for the preferences API behind API Gateway, for make test-pipelines' deploy jobs.

API Gateway cannot run here, so the deploy job's smoke test reaches this instead: it answers
GET /v1/users/<id>/... (the preferences and their history) with 200 [] when the bearer token is the expected one, else 401, and
appends every request line with its Authorization header's verdict to the log.
    python3 api-gateway.py PORT EXPECTED_TOKEN LOG
"""
import http.server
import sys

PORT, TOKEN, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.headers.get("Authorization") == "Bearer " + TOKEN
        with open(LOG, "a") as log:
            log.write(f"GET {self.path} {'token-ok' if ok else 'no-token'}\n")
        body = b"[]" if ok else b'{"error":"unauthorized"}'
        self.send_response(200 if ok and self.path.startswith("/v1/users/") else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()

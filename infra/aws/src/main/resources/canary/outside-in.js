'use strict';
// Day2's outside-in check: a CloudWatch Synthetics canary (infra/aws OutsideInCanary, every five
// minutes from outside the VPC) that asks every public host of one environment what a user would,
// and fails naming each answer that is not what the service's contract says. Node built-ins only,
// so the very same file runs under plain `node` (OutsideInCanaryTest, or an operator's laptop):
//
//   ZONE=prod.day2.example TILESET=osm_buildings node infra/aws/src/main/resources/canary/outside-in.js
//
// Environment: ZONE (the environment's zone, required), TILESET (required), CERT_MIN_DAYS (a TLS
// certificate expiring sooner fails the check; default 14: cert-manager renews 30 days ahead),
// TIMEOUT_MS (per request, default 10000). CONNECT_HTTPS / CONNECT_HTTP (host:port) send every
// request of that scheme to one address instead of DNS's, like curl's --connect-to; the test's
// stand-in servers need it, the canary never sets it.
const http = require('node:http');
const https = require('node:https');

// What each public host must answer. Nothing here writes or counts: counter is checked through
// its readiness (which includes Redis) and its HTTP → HTTPS redirect, never GET / (a visit).
// `edge: true` marks answers of the HAProxy edge, which must carry HSTS; preferences is served by
// API Gateway, whose JWT authorizer answers 401 without a token.
const CHECKS = [
  { name: 'hello', url: (z) => `https://hello.${z}/`, status: 200, edge: true,
    body: /^hello world, the time is \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/ },
  { name: 'wrpi-api ready', url: (z) => `https://wrpi.${z}/q/health/ready`, status: 200, edge: true,
    body: /"status"\s*:\s*"UP"/ },
  { name: 'counter ready', url: (z) => `https://counter.${z}/q/health/ready`, status: 200, edge: true,
    body: /"status"\s*:\s*"UP"/ },
  { name: 'counter redirects to HTTPS', url: (z) => `http://counter.${z}/`, status: 301,
    location: (z) => `https://counter.${z}/` },
  { name: 'tiles TileJSON', url: (z, t) => `https://tiles.${z}/maps/tileset/${t}`, status: 200,
    edge: true, body: /"tiles"\s*:\s*\[\s*"https:\/\// },
  { name: 'preferences asks for a token', url: (z) => `https://preferences.${z}/v1/users/outside-in-check/preferences`,
    status: 401 },
];

function setting(name, fallback) {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback === undefined) throw new Error(`${name} is not set`);
  return fallback;
}

function request(url, timeoutMs) {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const connectTo = process.env[secure ? 'CONNECT_HTTPS' : 'CONNECT_HTTP'];
  const [host, port] = connectTo ? connectTo.split(':') : [target.hostname, target.port];
  const options = {
    host, port: port || (secure ? 443 : 80), path: target.pathname + target.search, method: 'GET',
    servername: target.hostname, headers: { Host: target.host, 'User-Agent': 'day2-outside-in' },
    timeout: timeoutMs,
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(options, (res) => {
      const certificate = secure ? res.socket.getPeerCertificate() : null;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { if (body.length < 65536) body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, certificate }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

// The problems with one answer, as sentences; none means the check passed.
function problems(check, answer, zone, certMinDays) {
  const found = [];
  if (answer.status !== check.status) found.push(`status ${answer.status}, expected ${check.status}`);
  if (check.body && !check.body.test(answer.body)) {
    found.push(`body does not match ${check.body}: ${JSON.stringify(answer.body.slice(0, 120))}`);
  }
  if (check.location && answer.headers.location !== check.location(zone)) {
    found.push(`Location ${answer.headers.location}, expected ${check.location(zone)}`);
  }
  if (check.edge && !/max-age=\d+/.test(answer.headers['strict-transport-security'] || '')) {
    found.push('no Strict-Transport-Security header');
  }
  if (answer.certificate && answer.certificate.valid_to) {
    const days = (Date.parse(answer.certificate.valid_to) - Date.now()) / 86400000;
    if (days < certMinDays) {
      found.push(`TLS certificate expires in ${days.toFixed(1)} days (${answer.certificate.valid_to}), under ${certMinDays}`);
    }
  }
  return found;
}

exports.handler = async function handler() {
  const zone = setting('ZONE');
  const tileset = setting('TILESET');
  const certMinDays = Number(setting('CERT_MIN_DAYS', '14'));
  const timeoutMs = Number(setting('TIMEOUT_MS', '10000'));
  const results = await Promise.all(CHECKS.map(async (check) => {
    const url = check.url(zone, tileset);
    try {
      return { check, url, found: problems(check, await request(url, timeoutMs), zone, certMinDays) };
    } catch (e) {
      return { check, url, found: [e.message] };
    }
  }));
  const failed = results.filter((r) => r.found.length > 0);
  for (const r of results) {
    console.log(`${r.found.length ? 'FAIL' : 'ok'}   ${r.check.name}: GET ${r.url}${r.found.length ? ': ' + r.found.join('; ') : ''}`);
  }
  if (failed.length) {
    throw new Error(`${failed.length} of ${results.length} outside-in checks failed: ` +
      failed.map((r) => `${r.check.name} (${r.found.join('; ')})`).join(', '));
  }
  return `${results.length} outside-in checks passed`;
};

if (require.main === module) {
  exports.handler().then((summary) => console.log(summary), (e) => {
    console.error(e.message);
    process.exit(1);
  });
}

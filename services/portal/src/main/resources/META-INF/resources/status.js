// Status: per service health and RED numbers, and the alerts now pending or firing; all from the
// portal backend (no PromQL here). Refreshes every 15 s, Prometheus' scrape interval.
export function startStatus() {
  refresh();
  setInterval(refresh, 15000);
}

const fmt = (value, digits, unit = '') => (value === null || value === undefined ? '—' : `${value.toFixed(digits)}${unit}`);

async function refresh() {
  const source = document.getElementById('status-source');
  const status = await fetch('api/status').then((r) => r.json()).catch(() => null);
  if (!status) {
    source.textContent = 'The portal backend is unreachable.';
    return;
  }
  source.textContent = status.prometheus === 'ok'
    ? `From Prometheus at ${new Date().toLocaleTimeString()}.`
    : `Metrics unavailable: ${status.prometheus}.`;
  const rows = status.services.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.service = s.name;
    const health = s.up === null ? 'unknown' : `${s.up}/${s.replicas}`;
    const cells = [s.name, health, fmt(s.rate, 2), fmt(s.errorRatio === null ? null : s.errorRatio * 100, 2, ' %'),
      fmt(s.p99 === null ? null : s.p99 * 1000, 0, ' ms')];
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = text;
      if (i === 1) cell.className = s.up === null ? 'unknown' : s.up < s.replicas || s.up === 0 ? 'down' : 'up';
      tr.append(cell);
    });
    return tr;
  });
  document.querySelector('#status-table tbody').replaceChildren(...rows);
  const alerts = document.getElementById('alerts');
  if (status.alerts.length === 0) {
    alerts.replaceChildren(Object.assign(document.createElement('li'), {
      textContent: status.prometheus === 'ok' ? 'No alert is pending or firing.' : 'Unknown.' }));
    return;
  }
  alerts.replaceChildren(...status.alerts.map((a) => {
    const li = document.createElement('li');
    li.append(`${a.state === 'firing' ? 'FIRING' : 'pending'} ${a.name} (${a.severity}): ${a.summary} `);
    if (a.runbook) {
      const link = document.createElement('a');
      link.href = /^https?:/.test(a.runbook) ? a.runbook : a.runbook.replace(/^\/?/, '');
      link.textContent = `runbook for ${a.name}`;
      li.append(link);
    }
    return li;
  }));
}

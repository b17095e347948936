// WRPI: the browser calls wrpi-api cross-origin with the Basic auth the user types, as the brief's
// SPA does (wrpi-api's CORS allows this portal's origin only). History comes from the backend.
import uPlot from './vendor/uplot/uPlot.esm.js';

export function startWrpi(config) {
  const form = document.getElementById('wrpi-form');
  const result = document.getElementById('wrpi-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = form.user.value || 'portal';
    result.textContent = 'Asking wrpi-api …';
    result.className = '';
    try {
      const response = await fetch(`${config.wrpiUrl}/v0/wrpi`, {
        headers: { Authorization: 'Basic ' + btoa(`${user}:${form.password.value}`) },
        credentials: 'omit',
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 200) {
        const at = new Date(body.latest_calculation_at.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
        const age = Math.max(0, Math.round((Date.now() - at) / 1000));
        result.innerHTML = '';
        const value = document.createElement('strong');
        value.id = 'wrpi-value';
        value.textContent = body.latest_value;
        result.append('WRPI ', value, ` — calculated ${age} s ago (${body.latest_calculation_at})`);
      } else if (response.status === 401) {
        fail(result, 'Wrong password: wrpi-api answered 401 (please authenticate to use this API).');
      } else if (response.status === 503) {
        fail(result, 'wrpi-api answered 503: no value yet or its Redis is down; it recovers by itself.');
      } else {
        fail(result, `wrpi-api answered HTTP ${response.status}: ${body.error ?? ''}`);
      }
    } catch (e) {
      fail(result, `Could not reach ${config.wrpiUrl} (network down, or CORS does not allow this origin).`);
    }
  });
  history();
  setInterval(history, 60000);
}

function fail(result, message) {
  result.textContent = message;
  result.className = 'error';
}

let chart;
async function history() {
  const caption = document.getElementById('wrpi-history');
  const answer = await fetch('api/wrpi/history').then((r) => r.json()).catch(() => null);
  if (!answer || answer.prometheus !== 'ok') {
    caption.textContent = `The last hour: unavailable (${answer?.prometheus ?? 'portal backend unreachable'}).`;
    return;
  }
  if (answer.points.length === 0) {
    caption.textContent = 'The last hour: no readings yet.';
    return;
  }
  const xs = answer.points.map((p) => p[0]);
  const ys = answer.points.map((p) => p[1]);
  caption.textContent = `The last hour, from Prometheus: ${ys.length} readings, `
    + `min ${Math.min(...ys)}, max ${Math.max(...ys)}, latest ${ys[ys.length - 1]}.`;
  const target = document.getElementById('wrpi-chart');
  chart?.destroy();
  chart = new uPlot({
    width: Math.min(480, target.clientWidth || 480), height: 80, legend: { show: false },
    cursor: { show: false }, axes: [{ show: false }, { show: false }],
    series: [{}, { stroke: '#1d4ed8', width: 2 }],
  }, [xs, ys], target);
}

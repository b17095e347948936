// Counter: one visit per click, through the portal backend (the counter has no CORS).
export function startCounter() {
  const button = document.getElementById('counter-visit');
  const result = document.getElementById('counter-result');
  button.addEventListener('click', async () => {
    const response = await fetch('api/counter', { method: 'POST' }).catch(() => null);
    const body = await response?.json().catch(() => ({}));
    if (response?.ok) {
      result.innerHTML = '';
      const count = document.createElement('strong');
      count.id = 'counter-count';
      count.textContent = body.count;
      result.append('Seen ', count, ` times (answered by ${body.servedBy || 'the counter'}).`);
      result.className = '';
    } else {
      result.textContent = `The counter is unavailable: ${body?.message ?? 'portal backend unreachable'}.`;
      result.className = 'error';
    }
  });
}

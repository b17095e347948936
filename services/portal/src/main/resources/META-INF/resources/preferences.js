// Preferences: consent toggles for one user id, saved by the preferences API (through the portal
// backend, which passes the pasted token on). The user id is remembered by this browser; the token
// only for this tab (sessionStorage).
const boxes = () => document.querySelectorAll('#consents input[data-purpose]');

export function startPreferences() {
  const form = document.getElementById('preferences-form');
  form.user.value = localStorage.getItem('day2.preferences.user') ?? form.user.value;
  form.token.value = sessionStorage.getItem('day2.preferences.token') ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(form);
  });
  for (const box of boxes()) {
    box.addEventListener('change', () => save(form, box));
  }
  if (localStorage.getItem('day2.preferences.user')) load(form);
}

function headers(form) {
  const token = form.token.value.trim();
  sessionStorage.setItem('day2.preferences.token', token);
  const h = { 'Content-Type': 'application/json' };
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function load(form) {
  const user = form.user.value.trim();
  localStorage.setItem('day2.preferences.user', user);
  const response = await fetch(`api/users/${encodeURIComponent(user)}/preferences`, { headers: headers(form) })
    .catch(() => null);
  if (!response?.ok) return report(response, 'load');
  const enabled = new Map((await response.json()).map((p) => [p.purpose, p.enabled]));
  for (const box of boxes()) box.checked = enabled.get(box.dataset.purpose) === true;
  document.getElementById('consents').disabled = false;
  say(`Loaded ${enabled.size} saved consent(s) for ${user}.`, '');
  await history(form, user);
}

// The consent history (ADR 0137): every recorded change, shown newest first, the last 10.
async function history(form, user) {
  const list = document.getElementById('consent-history');
  const response = await fetch(`api/users/${encodeURIComponent(user)}/preference-history`, { headers: headers(form) })
    .catch(() => null);
  if (!response?.ok) {
    list.replaceChildren();
    return;
  }
  const events = (await response.json()).slice(-10).reverse();
  list.replaceChildren(...events.map((e) => {
    const item = document.createElement('li');
    const value = e.enabled === null ? 'removed' : (e.enabled ? 'on' : 'off');
    item.textContent = `${e.changedAt}: ${e.purpose} ${value}, by ${e.changedBy}`;
    return item;
  }));
}

async function save(form, box) {
  const user = form.user.value.trim();
  const url = `api/users/${encodeURIComponent(user)}/preferences/${box.dataset.purpose}`;
  const response = await fetch(url, {
    method: 'PUT', headers: headers(form), body: JSON.stringify({ enabled: box.checked }),
  }).catch(() => null);
  if (!response?.ok) {
    box.checked = !box.checked;
    return report(response, 'save');
  }
  const saved = await response.json();
  say(`Saved: ${saved.purpose} ${saved.enabled ? 'on' : 'off'} for ${saved.userId} at ${saved.updatedAt}.`, '');
  await history(form, user);
}

async function report(response, what) {
  if (!response) return say(`Could not ${what}: the portal backend is unreachable.`, 'error');
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) {
    return say(`Could not ${what}: the preferences API needs a valid bearer token (HTTP ${response.status}).`, 'error');
  }
  say(`Could not ${what}: HTTP ${response.status} ${body.message ?? body.error ?? ''}`, 'error');
}

function say(text, className) {
  const result = document.getElementById('preferences-result');
  result.textContent = text;
  result.className = className;
}

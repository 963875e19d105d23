// The server's JSON API. Errors carry the server's own message ({"error": "..."}).
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(path, options = {}) {
  const res = await fetch(path, { credentials: 'same-origin', ...options });
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, body?.error ?? `HTTP ${res.status}`);
  return body;
}

export const api = {
  config: () => request('/api/config'),
  layers: () => request('/api/layers'),
  point: (x, y) => request(`/api/point?x=${encodeURIComponent(x.toFixed(2))}&y=${encodeURIComponent(y.toFixed(2))}`),
  places: (q) => request(`/api/places?q=${encodeURIComponent(q)}&limit=8`),
  indicators: () => request('/api/indicators'),
  partnerOverview: () => request('/api/partner/overview'),
  login: (user, password) => request('/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password }),
  }),
  logout: () => request('/api/logout', { method: 'POST' }),
};

// The server's JSON API. A failed request is an ApiError whose message is in the reader's language, chosen by
// the HTTP status (and, for the login, by what a login's status means); the server's own English text is kept as
// `detail` for developers (docs/viewer.md, "Languages").
import { t } from './i18n.js';

const STATUS_TEXT = { 400: 'api_bad_request', 401: 'api_login_needed', 403: 'api_forbidden', 404: 'api_not_found', 429: 'api_too_many' };
const LOGIN_TEXT = { 401: 'login_wrong', 403: 'login_none', 429: 'login_too_many' };

export function apiMessage(status, texts = STATUS_TEXT) {
  if (status === 0) return t('api_unreachable');
  return t(texts[status] ?? STATUS_TEXT[status] ?? 'api_server_error');
}

export class ApiError extends Error {
  constructor(status, message, detail = message) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

async function request(path, options = {}, texts = STATUS_TEXT) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...options });
  } catch (e) {
    throw new ApiError(0, apiMessage(0), e.message);
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, apiMessage(res.status, texts), body?.error ?? `HTTP ${res.status}`);
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
  }, LOGIN_TEXT),
  logout: () => request('/api/logout', { method: 'POST' }),
};

// The REST API under /api/v1 (docs/API.md). Every call answers the parsed JSON or throws ApiError.

/** A failed call: HTTP status (0 when the server could not be reached) and the API error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  /** True when trying again later may work: no answer, or the server was unavailable. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const BASE = '/api/v1';
const TIMEOUT_MS = 15000;

export class Api {
  /** getToken: () => token or null; onUnauthorized: called when a token is refused (401). */
  constructor(getToken, onUnauthorized) {
    this.getToken = getToken;
    this.onUnauthorized = onUnauthorized;
  }

  async request(method, path, body) {
    const headers = {};
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(BASE + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    const error = data?.error ?? {};
    const failure = new ApiError(
      response.status,
      error.code ?? 'http_' + response.status,
      error.message ?? `The server answered ${response.status}.`,
    );
    if (response.status === 401 && token) this.onUnauthorized?.(failure);
    throw failure;
  }

  register(username, password, displayName) {
    const body = { username, password };
    if (displayName) body.display_name = displayName;
    return this.request('POST', '/users', body);
  }

  login(username, password) {
    return this.request('POST', '/sessions', { username, password, device_name: deviceName() });
  }

  logout() {
    return this.request('DELETE', '/sessions/current');
  }

  me() {
    return this.request('GET', '/me');
  }

  user(id) {
    return this.request('GET', `/users/${enc(id)}`);
  }

  searchUsers(prefix, limit = 10) {
    return this.request('GET', `/users?q=${enc(prefix)}&limit=${limit}`);
  }

  threads(before, limit = 50) {
    const cursor = before ? `&before=${enc(before)}` : '';
    return this.request('GET', `/threads?limit=${limit}${cursor}`);
  }

  thread(id) {
    return this.request('GET', `/threads/${enc(id)}`);
  }

  createDirect(userId) {
    return this.request('POST', '/threads', { kind: 'direct', participant_ids: [userId] });
  }

  createGroup(title, userIds) {
    return this.request('POST', '/threads', { kind: 'group', title, participant_ids: userIds });
  }

  rename(threadId, title) {
    return this.request('PATCH', `/threads/${enc(threadId)}`, { title });
  }

  addMembers(threadId, userIds) {
    return this.request('POST', `/threads/${enc(threadId)}/members`, { user_ids: userIds });
  }

  removeMember(threadId, userId) {
    return this.request('DELETE', `/threads/${enc(threadId)}/members/${enc(userId)}`);
  }

  settings(threadId, changes) {
    return this.request('PATCH', `/threads/${enc(threadId)}/settings`, changes);
  }

  markRead(threadId, seq) {
    return this.request('POST', `/threads/${enc(threadId)}/read`, { seq });
  }

  /** One page of history: { before } for older, { after } for newer, nothing for the latest. */
  messages(threadId, { before, after, limit = 50 } = {}) {
    let query = `limit=${limit}`;
    if (before !== undefined) query += `&before_seq=${before}`;
    if (after !== undefined) query += `&after_seq=${after}`;
    return this.request('GET', `/threads/${enc(threadId)}/messages?${query}`);
  }

  sendMessage(threadId, body, clientMsgId) {
    return this.request('POST', `/threads/${enc(threadId)}/messages`, {
      body,
      client_msg_id: clientMsgId,
    });
  }

  presence(userIds) {
    return this.request('GET', `/presence?user_ids=${userIds.map(enc).join(',')}`);
  }
}

function enc(value) {
  return encodeURIComponent(value);
}

function deviceName() {
  const agent = navigator.userAgent;
  const browser = /Firefox\//.test(agent)
    ? 'Firefox'
    : /Edg\//.test(agent)
      ? 'Edge'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'Browser';
  return `Web (${browser})`;
}

/** A client_msg_id: 128 random bits in hex (crypto.randomUUID needs a secure context). */
export function newClientMsgId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'w-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

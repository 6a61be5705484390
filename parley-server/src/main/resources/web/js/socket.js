// The realtime connection: one WebSocket per tab, reconnected with backoff, pinged every 25 s
// (presence heartbeat and liveness check), with request/answer matching by `ref`.
import { ApiError } from './api.js';

const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10000;
const STATUS_OF_CODE = {
  invalid_request: 400,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * Emits 'state' (detail: 'connecting' | 'online' | 'offline' | 'closed'), 'ready' (detail: the
 * ready frame), 'event' (detail: a server event frame) and 'revoked' (the session is gone).
 */
export class Socket extends EventTarget {
  /** url(): the WebSocket URL; check(): resolves when the session is valid, throws otherwise. */
  constructor({ url, check }) {
    super();
    this.url = url;
    this.check = check;
    this.state = 'closed';
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.nextRef = 1;
    this.waiting = new Map();
    this.stopped = true;
    this.onOnline = () => this.reconnectNow();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    };
  }

  start() {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.retryTimer);
    this.teardown(1000, 'bye');
    this.setState('closed');
  }

  get online() {
    return this.state === 'online';
  }

  /** Sends a frame if the connection is up; answers whether it was sent. */
  send(frame) {
    if (!this.online) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a frame with a fresh ref and resolves with the ack/pong for it (or rejects). */
  request(frame, timeoutMs = 10000) {
    if (!this.online) {
      return Promise.reject(new ApiError(0, 'network', 'Not connected.'));
    }
    const ref = 'r' + this.nextRef++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(ref);
        reject(new ApiError(0, 'timeout', 'The server did not answer in time.'));
      }, timeoutMs);
      this.waiting.set(ref, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  /** Skips the backoff wait (the browser came back online, or the user asked). */
  reconnectNow() {
    if (this.stopped || this.state === 'online' || this.state === 'connecting') return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.open();
  }

  async open() {
    if (this.stopped) return;
    this.setState('connecting');
    if (this.attempt > 0) {
      try {
        await this.check();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return this.revoked();
        return this.scheduleRetry();
      }
      if (this.stopped) return;
    }
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      return this.scheduleRetry();
    }
    this.ws = ws;
    ws.onmessage = (e) => this.onFrame(e.data);
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.teardown();
      if (e.code === 1008) return this.revoked();
      this.scheduleRetry();
    };
  }

  onFrame(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ready':
        this.attempt = 0;
        this.setState('online');
        this.startPinging();
        this.dispatchEvent(new CustomEvent('ready', { detail: frame }));
        break;
      case 'ack':
      case 'pong':
        this.settle(frame.ref, (w) => w.resolve(frame));
        break;
      case 'error': {
        const status = STATUS_OF_CODE[frame.code] ?? 400;
        const error = new ApiError(status, frame.code, frame.message);
        if (!this.settle(frame.ref, (w) => w.reject(error))) console.warn('parley:', frame);
        break;
      }
      default:
        this.dispatchEvent(new CustomEvent('event', { detail: frame }));
    }
  }

  settle(ref, action) {
    const waiter = ref ? this.waiting.get(ref) : undefined;
    if (!waiter) return false;
    this.waiting.delete(ref);
    clearTimeout(waiter.timer);
    action(waiter);
    return true;
  }

  startPinging() {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.request({ type: 'ping' }, PONG_WITHIN_MS).catch(() => {
        // No pong: the connection is dead even if the browser has not noticed yet.
        if (this.ws) this.ws.close(4000, 'no pong');
      });
    }, PING_EVERY_MS);
  }

  teardown(code, reason) {
    clearInterval(this.pingTimer);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onclose = null;
      ws.onmessage = null;
      ws.close(code, reason);
    }
    for (const [ref, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(new ApiError(0, 'network', 'The connection was lost.'));
      this.waiting.delete(ref);
    }
  }

  scheduleRetry() {
    if (this.stopped) return;
    this.setState('offline');
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  revoked() {
    this.stop();
    this.dispatchEvent(new CustomEvent('revoked'));
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}

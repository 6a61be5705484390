// A thread's history in the store: the latest page when it opens, older pages when scrolling
// back, and everything after the last known seq when a gap shows (a seq jumped, a reconnect).
import { ApiError } from './api.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;

export class History {
  /** onGone(threadId): the thread answered 404 (we are no longer a member). */
  constructor(store, api, onGone) {
    this.store = store;
    this.api = api;
    this.onGone = onGone;
    this.running = new Map();
    this.loadingOlder = new Set();
  }

  /** The latest page, once per thread; then whatever arrived meanwhile. */
  async loadLatest(threadId) {
    if (this.store.window(threadId) || this.running.has(threadId)) return;
    const job = { again: false, done: null };
    this.running.set(threadId, job);
    job.done = this.api.messages(threadId, { limit: PAGE }).then(
      (page) => this.store.addPage(threadId, page.messages, 'latest', page.has_more),
      (e) => this.failed(threadId, e, 'loading history'),
    );
    try {
      await job.done;
    } finally {
      this.running.delete(threadId);
    }
    if (job.again) this.catchUp(threadId);
    else this.catchUpIfBehind(threadId);
  }

  /** Scroll-back: the page before the first loaded message. */
  async loadOlder(threadId) {
    const w = this.store.window(threadId);
    if (!w || !w.hasMoreBefore || w.first === null || this.loadingOlder.has(threadId)) return;
    this.loadingOlder.add(threadId);
    this.store.changed('thread:' + threadId);
    try {
      const page = await this.api.messages(threadId, { before: w.first, limit: PAGE });
      this.store.addPage(threadId, page.messages, 'older', page.has_more);
    } catch (e) {
      this.failed(threadId, e, 'loading older messages');
    } finally {
      this.loadingOlder.delete(threadId);
      this.store.changed('thread:' + threadId);
    }
  }

  isLoadingOlder(threadId) {
    return this.loadingOlder.has(threadId);
  }

  /** Catches up when the thread's last_seq is beyond the loaded window. */
  catchUpIfBehind(threadId) {
    const w = this.store.window(threadId);
    const thread = this.store.threads.get(threadId);
    if (w && thread && thread.last_seq > w.last) this.catchUp(threadId);
  }

  /** Fetches everything after the window's last seq until has_more is false. */
  catchUp(threadId) {
    const running = this.running.get(threadId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const job = { again: false, done: null };
    this.running.set(threadId, job);
    job.done = (async () => {
      do {
        job.again = false;
        let more = true;
        while (more && this.store.window(threadId)) {
          const after = this.store.window(threadId).last;
          const page = await this.api.messages(threadId, { after, limit: CATCH_UP_PAGE });
          this.store.addPage(threadId, page.messages, 'newer', page.has_more);
          more = page.has_more && page.messages.length > 0;
        }
      } while (job.again);
    })()
      .catch((e) => this.failed(threadId, e, 'catching up'))
      .finally(() => this.running.delete(threadId));
    return job.done;
  }

  /** A 404 means we left; anything else waits for the resync after the next reconnect. */
  failed(threadId, error, what) {
    if (error instanceof ApiError && error.status === 404) this.onGone(threadId);
    else console.warn(`parley: ${what} failed:`, error.message);
  }
}

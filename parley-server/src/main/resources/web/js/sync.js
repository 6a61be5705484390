// Keeps the store in step with the server: applies realtime events, resyncs after every
// (re)connect (thread list, then every loaded thread by seq), and sends read pointers and
// typing. History paging lives in history.js, users and presence in people.js.
import { ApiError } from './api.js';
import { History } from './history.js';
import { People } from './people.js';

const TYPING_EVERY_MS = 3000;
const THREAD_PAGE = 50;
const REST_FALLBACK_MS = 4000;

export class Sync extends EventTarget {
  constructor(store, api, socket) {
    super();
    this.store = store;
    this.api = api;
    this.socket = socket;
    this.history = new History(store, api, (id) => this.forget(id));
    this.people = new People(store, api, socket);
    this.typingSentAt = new Map();
    // Which threads events touched, and when: a list page older than that must not drop them.
    this.tick = 0;
    this.touched = new Map();
    this.fallback = null;
  }

  start() {
    this.socket.addEventListener('state', (e) => this.store.setConn(e.detail));
    this.socket.addEventListener('ready', () => {
      this.people.refreshPresence();
      this.resync();
    });
    this.socket.addEventListener('event', (e) => this.onEvent(e.detail));
    this.people.start();
    // The list comes with the socket's ready; without a socket (a proxy that blocks it), by REST.
    this.fallback = setTimeout(() => {
      if (!this.store.threadsLoaded) this.resync();
    }, REST_FALLBACK_MS);
  }

  stop() {
    clearTimeout(this.fallback);
    this.people.stop();
  }

  onEvent(frame) {
    const threadId = frame.thread_id ?? frame.thread?.id ?? frame.message?.thread_id;
    if (threadId) this.touched.set(threadId, ++this.tick);
    switch (frame.type) {
      case 'message':
        this.onMessage(frame.message);
        break;
      case 'thread': {
        const thread = this.store.upsertThread(frame.thread);
        // The system message of a change follows the thread event; fetch only if it does not.
        setTimeout(() => this.history.catchUpIfBehind(thread.id), 1500);
        break;
      }
      case 'removed':
        this.forget(frame.thread_id);
        break;
      case 'read':
        this.store.setRead(frame.thread_id, frame.user_id, frame.seq);
        break;
      case 'typing':
        if (frame.user_id !== this.store.me?.id) this.store.setTyping(frame.thread_id, frame.user_id);
        break;
    }
  }

  async onMessage(message) {
    if (!this.store.threads.has(message.thread_id)) await this.fetchThread(message.thread_id);
    this.confirmed(message);
  }

  /** A stored message (event, ack or 201): place it, or fetch the gap before it. */
  confirmed(message) {
    if (!this.store.applyMessage(message)) this.history.catchUp(message.thread_id);
  }

  /** A thread the caller just created or changed over REST. */
  adopt(thread) {
    this.touched.set(thread.id, ++this.tick);
    return this.store.upsertThread(thread);
  }

  /** Drops a thread we left or were removed from (or never had), and says so if it is open. */
  forget(threadId) {
    if (this.store.threads.has(threadId)) this.store.removeThread(threadId);
    if (this.store.openThreadId === threadId) {
      this.dispatchEvent(new CustomEvent('open-thread-gone', { detail: threadId }));
    }
  }

  async fetchThread(threadId) {
    try {
      const { thread } = await this.api.thread(threadId);
      return this.adopt(thread);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.forget(threadId);
      return null;
    }
  }

  /** After every (re)connect: the thread list, then every loaded window up to its last_seq. */
  async resync() {
    const since = this.tick;
    try {
      const page = await this.api.threads(undefined, THREAD_PAGE);
      this.mergeFirstPage(page.threads, page.next_before, since);
    } catch (e) {
      console.warn('parley: loading the thread list failed:', e.message);
      return;
    }
    const open = this.store.openThreadId;
    if (open && !this.store.threads.has(open)) await this.fetchThread(open);
    if (open && this.store.threads.has(open)) this.history.loadLatest(open);
    for (const threadId of this.store.windows.keys()) this.history.catchUpIfBehind(threadId);
  }

  /** Merges the first page; a known thread missing from its range is gone (we left it). */
  mergeFirstPage(threads, nextBefore, since) {
    const store = this.store;
    const seen = new Set(threads.map((t) => t.id));
    const oldest = threads[threads.length - 1];
    for (const known of [...store.threads.values()]) {
      if (seen.has(known.id) || (this.touched.get(known.id) ?? 0) > since) continue;
      const withinPage =
        nextBefore === null ||
        (oldest &&
          (known.updated_at > oldest.updated_at ||
            (known.updated_at === oldest.updated_at && known.id > oldest.id)));
      if (withinPage) this.forget(known.id);
    }
    for (const thread of threads) store.upsertThread(thread);
    if (!store.threadsLoaded) store.threadsNextBefore = nextBefore;
    store.threadsLoaded = true;
    store.changed('threads');
  }

  async loadMoreThreads() {
    const store = this.store;
    if (!store.threadsNextBefore || this.loadingThreads) return;
    this.loadingThreads = true;
    try {
      const page = await this.api.threads(store.threadsNextBefore, THREAD_PAGE);
      for (const thread of page.threads) store.upsertThread(thread);
      store.threadsNextBefore = page.next_before;
      store.changed('threads');
    } catch (e) {
      console.warn('parley: loading more threads failed:', e.message);
    } finally {
      this.loadingThreads = false;
    }
  }

  /** Marks the thread read up to the last message on screen (the caller sees it now). */
  markRead(threadId) {
    const thread = this.store.threads.get(threadId);
    const seq = Math.min(thread?.last_seq ?? 0, this.store.window(threadId)?.last ?? 0);
    if (!thread || seq <= thread.last_read_seq) return;
    this.store.setRead(threadId, this.store.me.id, seq);
    const frame = { type: 'read', thread_id: threadId, seq };
    if (!this.socket.send(frame)) this.api.markRead(threadId, seq).catch(() => {});
  }

  /** Tells the others we are typing, at most every 3 s per thread. */
  typing(threadId) {
    const now = Date.now();
    if (now - (this.typingSentAt.get(threadId) ?? 0) < TYPING_EVERY_MS) return;
    if (this.socket.send({ type: 'typing', thread_id: threadId })) this.typingSentAt.set(threadId, now);
  }
}

// The client's state: threads, loaded message windows, pending sends, read pointers, typing,
// users and presence. Views read it; sync.js and outbox.js change it. Every change names its
// topics ('threads', 'thread:<id>', 'users', 'presence', 'conn', 'open'), and one 'change'
// event per task carries all of them.

const TYPING_SHOWN_MS = 5000;

export class Store extends EventTarget {
  constructor() {
    super();
    this.topics = new Set();
    this.reset();
  }

  reset() {
    this.me = null;
    this.conn = 'closed';
    this.threads = new Map();
    this.threadsNextBefore = null;
    this.threadsLoaded = false;
    this.windows = new Map();
    this.pending = new Map();
    this.reads = new Map();
    this.typing = new Map();
    this.users = new Map();
    this.presence = new Map();
    this.openThreadId = null;
    this.changed('threads', 'users', 'presence', 'conn', 'open');
  }

  changed(...topics) {
    const first = this.topics.size === 0;
    for (const topic of topics) this.topics.add(topic);
    if (!first) return;
    queueMicrotask(() => {
      const detail = this.topics;
      this.topics = new Set();
      this.dispatchEvent(new CustomEvent('change', { detail }));
    });
  }

  // --- threads -------------------------------------------------------------------------------

  /** Merges a thread as the server sent it; a newer local last message is kept. */
  upsertThread(incoming) {
    const known = this.threads.get(incoming.id);
    const thread = { ...incoming };
    if (known) {
      if (known.last_seq > thread.last_seq) {
        thread.last_seq = known.last_seq;
        thread.last_message = known.last_message;
        thread.updated_at = known.updated_at;
      }
      thread.last_read_seq = Math.max(known.last_read_seq, thread.last_read_seq);
    }
    this.threads.set(thread.id, thread);
    for (const id of thread.participant_ids) this.noteUser(id);
    // GET /threads/{id} carries every member's read pointer: "seen" survives a reload.
    for (const r of incoming.member_reads ?? []) this.setRead(thread.id, r.user_id, r.last_read_seq);
    this.changed('threads', 'thread:' + thread.id);
    return thread;
  }

  removeThread(id) {
    this.threads.delete(id);
    this.windows.delete(id);
    this.pending.delete(id);
    this.reads.delete(id);
    this.typing.delete(id);
    this.changed('threads', 'thread:' + id);
  }

  /** Threads, most recent activity first (the server's order: updated_at, then id). */
  sortedThreads() {
    return [...this.threads.values()].sort((a, b) =>
      a.updated_at === b.updated_at
        ? cmp(b.id, a.id)
        : cmp(b.updated_at, a.updated_at),
    );
  }

  unread(thread) {
    return Math.max(0, thread.last_seq - thread.last_read_seq);
  }

  totalUnread() {
    let total = 0;
    for (const t of this.threads.values()) if (!t.muted) total += this.unread(t);
    return total;
  }

  /** The other member of a direct thread (its id), or null. */
  otherId(thread) {
    if (thread.kind !== 'direct') return null;
    return thread.participant_ids.find((id) => id !== this.me?.id) ?? null;
  }

  // --- messages ------------------------------------------------------------------------------

  /** The loaded, gap-free range of a thread's history, or undefined when never loaded. */
  window(threadId) {
    return this.windows.get(threadId);
  }

  /** Messages of a loaded window, ascending. */
  messages(threadId) {
    const w = this.windows.get(threadId);
    if (!w || w.first === null) return [];
    const list = [];
    for (let seq = w.first; seq <= w.last; seq++) {
      const m = w.bySeq.get(seq);
      if (m) list.push(m);
    }
    return list;
  }

  /**
   * Adds a page of history. kind: 'latest' (no cursor), 'older' (before_seq) or 'newer'
   * (after_seq); hasMore is the page's has_more. A window stays gap-free: a latest page that
   * does not touch it replaces it.
   */
  addPage(threadId, page, kind, hasMore) {
    let w = this.windows.get(threadId);
    if (!w || (kind === 'latest' && page.length && page[0].seq > w.last + 1)) {
      w = { bySeq: new Map(), first: null, last: 0, hasMoreBefore: true };
      this.windows.set(threadId, w);
    }
    const bottom = w.first;
    for (const m of page) this.putMessage(w, m);
    if (kind !== 'newer' && (bottom === null || page.length === 0 || page[0].seq <= bottom)) {
      w.hasMoreBefore = hasMore;
    }
    for (const m of page) this.noteMessage(m);
    this.changed('thread:' + threadId);
  }

  /**
   * A message from the server (event, ack or page). Answers true when it was placed or is
   * already known, false when it lies beyond a gap in a loaded window (fetch the gap).
   */
  applyMessage(m) {
    this.noteMessage(m);
    const w = this.windows.get(m.thread_id);
    if (!w) return true;
    if (m.seq > w.last + 1) return false;
    if (w.first !== null && m.seq < w.first) return true;
    this.putMessage(w, m);
    this.changed('thread:' + m.thread_id);
    return true;
  }

  putMessage(w, m) {
    w.bySeq.set(m.seq, m);
    w.first = w.first === null ? m.seq : Math.min(w.first, m.seq);
    w.last = Math.max(w.last, m.seq);
  }

  /** What a message tells about its thread, its sender's read pointer and our pending sends. */
  noteMessage(m) {
    const thread = this.threads.get(m.thread_id);
    if (thread && m.seq > thread.last_seq) {
      thread.last_seq = m.seq;
      thread.last_message = m;
      thread.updated_at = m.created_at;
      this.changed('threads');
    }
    this.setRead(m.thread_id, m.sender_id, m.seq);
    this.clearTyping(m.thread_id, m.sender_id);
    if (m.sender_id === this.me?.id && m.client_msg_id) this.dropPending(m.thread_id, m.client_msg_id);
    this.noteUser(m.sender_id);
  }

  // --- pending sends -------------------------------------------------------------------------

  pendingOf(threadId) {
    return this.pending.get(threadId) ?? [];
  }

  addPending(item) {
    this.pending.set(item.thread_id, [...this.pendingOf(item.thread_id), item]);
    this.changed('thread:' + item.thread_id);
  }

  updatePending(item, changes) {
    Object.assign(item, changes);
    this.changed('thread:' + item.thread_id);
  }

  dropPending(threadId, clientMsgId) {
    const list = this.pendingOf(threadId);
    const rest = list.filter((p) => p.client_msg_id !== clientMsgId);
    if (rest.length === list.length) return;
    this.pending.set(threadId, rest);
    this.changed('thread:' + threadId);
  }

  // --- read pointers and typing --------------------------------------------------------------

  /** A member read up to seq. Our own pointer lives on the thread, others' in reads. */
  setRead(threadId, userId, seq) {
    if (userId === this.me?.id) {
      const thread = this.threads.get(threadId);
      if (thread && seq > thread.last_read_seq) {
        thread.last_read_seq = seq;
        this.changed('threads', 'thread:' + threadId);
      }
      return;
    }
    let pointers = this.reads.get(threadId);
    if (!pointers) this.reads.set(threadId, (pointers = new Map()));
    if ((pointers.get(userId) ?? 0) < seq) {
      pointers.set(userId, seq);
      this.changed('thread:' + threadId);
    }
  }

  readPointers(threadId) {
    return this.reads.get(threadId) ?? new Map();
  }

  setTyping(threadId, userId) {
    let users = this.typing.get(threadId);
    if (!users) this.typing.set(threadId, (users = new Map()));
    clearTimeout(users.get(userId));
    users.set(
      userId,
      setTimeout(() => this.clearTyping(threadId, userId), TYPING_SHOWN_MS),
    );
    this.noteUser(userId);
    this.changed('thread:' + threadId);
  }

  clearTyping(threadId, userId) {
    const users = this.typing.get(threadId);
    if (!users?.has(userId)) return;
    clearTimeout(users.get(userId));
    users.delete(userId);
    this.changed('thread:' + threadId);
  }

  typingUsers(threadId) {
    return [...(this.typing.get(threadId)?.keys() ?? [])];
  }

  // --- users and presence --------------------------------------------------------------------

  /** Remembers that a user id is needed; sync.js fetches the unknown ones. */
  noteUser(id) {
    if (id && !this.users.has(id)) {
      this.users.set(id, null);
      this.changed('users-needed');
    }
  }

  setUser(user) {
    this.users.set(user.id, user);
    this.changed('users', 'threads');
  }

  user(id) {
    return this.users.get(id) ?? null;
  }

  setPresence(list) {
    for (const p of list) this.presence.set(p.user_id, p);
    this.changed('presence');
  }

  setConn(state) {
    this.conn = state;
    this.changed('conn');
  }

  setOpen(threadId) {
    this.openThreadId = threadId;
    this.changed('open');
  }
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

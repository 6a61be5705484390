// Who is who and who is online: fetches the users the store needs, and the presence of the
// other person of every direct thread (on connect, for new threads, and every 30 s).
import { ApiError } from './api.js';

const PRESENCE_EVERY_MS = 30000;
const MAX_PRESENCE_IDS = 200;

export class People {
  constructor(store, api, socket) {
    this.store = store;
    this.api = api;
    this.socket = socket;
    this.fetching = new Set();
    this.asked = new Set();
    this.soon = null;
    this.timer = null;
  }

  start() {
    this.store.addEventListener('change', (e) => {
      if (e.detail.has('users-needed')) this.fetchUsers();
      if (e.detail.has('threads')) this.presenceOfNewcomers();
    });
    this.socket.addEventListener('state', (e) => {
      if (e.detail !== 'online') this.forgetPresence();
    });
    this.timer = setInterval(() => this.refreshPresence(), PRESENCE_EVERY_MS);
  }

  stop() {
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** Looks up every user the store has seen an id of but not the user. */
  fetchUsers() {
    for (const [id, user] of this.store.users) {
      if (user || this.fetching.has(id)) continue;
      this.fetching.add(id);
      this.api
        .user(id)
        .then(({ user: found }) => this.store.setUser(found))
        .catch((e) => {
          if (e instanceof ApiError && e.status === 404) {
            this.store.setUser({ id, username: 'unknown', display_name: 'Deleted user' });
          } else {
            this.store.users.delete(id);
          }
        })
        .finally(() => this.fetching.delete(id));
    }
  }

  /** Presence of the other person of every direct thread (at most 200, most recent first). */
  async refreshPresence() {
    if (!this.socket.online) return;
    const ids = [];
    for (const thread of this.store.sortedThreads()) {
      const other = this.store.otherId(thread);
      if (other && !ids.includes(other)) ids.push(other);
      if (ids.length === MAX_PRESENCE_IDS) break;
    }
    if (ids.length === 0) return;
    for (const id of ids) this.asked.add(id);
    try {
      const { presence } = await this.api.presence(ids);
      this.store.setPresence(presence);
    } catch {
      // Presence is a nicety; the next round tries again.
    }
  }

  /** A direct thread with someone whose presence we never asked for: ask soon. */
  presenceOfNewcomers() {
    if (this.soon) return;
    const unknown = [...this.store.threads.values()].some((t) => {
      const other = this.store.otherId(t);
      return other && !this.asked.has(other);
    });
    if (!unknown) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.refreshPresence();
    }, 300);
  }

  /** Offline we cannot know who is online: show nobody until the next answer. */
  forgetPresence() {
    this.asked.clear();
    if (this.store.presence.size === 0) return;
    this.store.presence.clear();
    this.store.changed('presence');
  }
}

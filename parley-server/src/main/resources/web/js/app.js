// The application: the login screen or the chat (sidebar + open thread), the hash route
// (#/t/<thread id>), the session across reloads and tabs, and logging out.
import { Api } from './api.js';
import { h } from './dom.js';
import { Outbox } from './outbox.js';
import { Session } from './session.js';
import { Socket } from './socket.js';
import { Store } from './store.js';
import { Sync } from './sync.js';
import { authView } from './views/auth-view.js';
import { toast } from './views/common.js';
import { newChatDialog, newGroupDialog } from './views/dialogs.js';
import { sidebar } from './views/sidebar.js';
import { threadInfoDialog } from './views/thread-info.js';
import { threadView } from './views/thread-view.js';
import { threadName } from './format.js';

export class App {
  constructor(root) {
    this.root = root;
    this.session = new Session();
    this.api = new Api(() => this.session.token, () => this.loggedOut('Your session has ended.'));
    this.chat = null;
    this.session.onOtherTab((value) => {
      if (!value) this.loggedOut();
      else location.reload();
    });
    window.addEventListener('hashchange', () => this.route());
  }

  async boot() {
    if (!this.session.token) return this.showAuth();
    try {
      const { user } = await this.api.me();
      this.session.save(this.session.token, user);
    } catch (e) {
      // Offline start: keep the saved session; the socket retries until the server is back.
      if (e.status !== 0) return this.showAuth();
    }
    this.showChat();
  }

  showAuth() {
    this.stopChat();
    document.title = 'Parley';
    const view = authView(this.api, (token, user) => {
      this.session.save(token, user);
      this.showChat();
    });
    this.root.className = 'app auth-mode';
    this.root.replaceChildren(view);
    view.querySelector('input')?.focus();
  }

  showChat() {
    const store = new Store();
    store.me = this.session.user;
    const token = this.session.token;
    const socket = new Socket({
      url: () => {
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        return `${scheme}://${location.host}/api/v1/ws?access_token=${encodeURIComponent(token)}`;
      },
      check: () => this.api.me(),
    });
    const sync = new Sync(store, this.api, socket);
    const outbox = new Outbox(store, this.api, socket, sync);
    socket.addEventListener('revoked', () => this.loggedOut('Your session has ended.'));
    const deps = { api: this.api, store, sync, navigate: (id) => this.open(id) };
    const thread = threadView({
      store, sync, outbox,
      onBack: () => this.open(null),
      onInfo: (id) => threadInfoDialog({ ...deps, threadId: id, onLeft: () => this.open(null) }),
    });
    const placeholder = h('section', { class: 'placeholder', testid: 'no-thread' },
      h('div', {}, h('h2', {}, 'Pick a conversation'),
        h('p', {}, 'Or start a new one with the buttons at the top of the list.')));
    const side = sidebar({
      store, sync, socket,
      onNewChat: () => newChatDialog(deps),
      onNewGroup: () => newGroupDialog(deps),
      onLogout: () => this.logout(),
    });
    const main = h('main', { class: 'pane' }, placeholder, thread.el);
    this.root.className = 'app chat-mode';
    this.root.replaceChildren(side, main);
    this.chat = { store, socket, sync, outbox, thread, placeholder };

    sync.addEventListener('open-thread-gone', () => {
      toast('You are no longer in that conversation.');
      this.open(null);
    });
    store.addEventListener('change', (e) => {
      if (e.detail.has('threads')) this.updateTitle();
    });
    sync.start();
    socket.start();
    this.route();
  }

  /** Shows the thread of the current hash (#/t/<id>), or none. */
  route() {
    if (!this.chat) return;
    const match = /^#\/t\/([^/]+)$/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : null;
    const { store, sync, thread, placeholder } = this.chat;
    const opening = id !== thread.current();
    store.setOpen(id);
    // Fetched on every opening: the answer brings the members' read pointers ("seen").
    if (id && opening) sync.fetchThread(id);
    thread.show(id);
    placeholder.hidden = Boolean(id);
    this.root.classList.toggle('thread-open', Boolean(id));
    // On phones, focusing the box would pop the keyboard over the history: only on wide screens.
    if (opening && id && matchMedia('(min-width: 641px)').matches) thread.focus();
    this.updateTitle();
  }

  open(threadId) {
    const hash = threadId ? '#/t/' + encodeURIComponent(threadId) : '#/';
    if (location.hash !== hash) location.hash = hash;
    else this.route();
  }

  updateTitle() {
    const store = this.chat?.store;
    if (!store) return;
    const unread = store.totalUnread();
    const open = store.openThreadId && store.threads.get(store.openThreadId);
    const name = open ? threadName(store, open) + ' · ' : '';
    document.title = `${unread ? `(${unread}) ` : ''}${name}Parley`;
  }

  async logout() {
    // Our own logout closes the socket with 1008; that is no news to tell the person.
    this.chat?.socket.stop();
    try {
      await this.api.logout();
    } catch {
      // The token is dropped here either way.
    }
    this.loggedOut();
  }

  loggedOut(message) {
    if (!this.session.token && !this.chat) return;
    this.session.clear();
    this.showAuth();
    if (location.hash) history.replaceState(null, '', location.pathname);
    if (message) toast(message);
  }

  stopChat() {
    if (!this.chat) return;
    this.chat.socket.stop();
    this.chat.sync.stop();
    for (const dialog of document.querySelectorAll('dialog')) dialog.close();
    this.chat = null;
  }
}

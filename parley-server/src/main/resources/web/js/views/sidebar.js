// The left pane: who is logged in, the new chat / new group / log out buttons, the
// connection state and the thread list.
import { h, setText } from '../dom.js';
import { avatar, iconButton } from './common.js';
import { threadList } from './thread-list.js';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  offline: 'Offline. Reconnecting…',
  closed: 'Offline',
};

export function sidebar({ store, sync, socket, onNewChat, onNewGroup, onLogout }) {
  const me = store.me;
  const connection = h('div', { class: 'connection', testid: 'connection', role: 'status',
    'aria-live': 'polite' });
  const retry = h('button', { type: 'button', class: 'link', text: 'Retry now',
    onClick: () => socket.reconnectNow() });
  const connectionText = h('span');
  connection.append(connectionText, retry);

  const head = h('header', { class: 'sidebar-head' },
    h('div', { class: 'me', testid: 'me', title: '@' + me.username },
      avatar(me.display_name, me.id),
      h('span', { class: 'me-text' },
        h('span', { class: 'me-name', testid: 'me-name' }, me.display_name),
        h('span', { class: 'me-handle' }, '@' + me.username))),
    h('div', { class: 'toolbar' },
      iconButton('compose', 'New chat', onNewChat, { testid: 'new-chat' }),
      iconButton('group', 'New group', onNewGroup, { testid: 'new-group' }),
      iconButton('logout', 'Log out', onLogout, { testid: 'logout' })));

  function renderConnection() {
    const state = store.conn;
    connection.dataset.state = state;
    setText(connectionText, CONNECTION_TEXT[state] ?? '');
    connection.classList.toggle('visible', state !== 'online' && Boolean(CONNECTION_TEXT[state]));
    retry.hidden = state !== 'offline';
  }

  store.addEventListener('change', (e) => {
    if (e.detail.has('conn')) renderConnection();
  });
  renderConnection();

  return h('aside', { class: 'sidebar', 'aria-label': 'Conversations' },
    head, connection, threadList(store, sync));
}

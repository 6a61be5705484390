// The thread list: most recent first, with unread badge, last message preview and time, the
// other person's name (or the group's title) and a presence dot for direct threads.
import { h, setText } from '../dom.js';
import { icon } from '../icons.js';
import { listTime, preview, threadName, userName } from '../format.js';
import { avatar, groupAvatar, presenceDot, setPresence } from './common.js';

export function threadList(store, sync) {
  const items = new Map();
  const list = h('ul', { class: 'thread-list', testid: 'thread-list' });
  const empty = h('div', { class: 'empty-list', testid: 'thread-list-empty' },
    h('p', {}, 'No conversations yet.'),
    h('p', { class: 'hint' }, 'Start one with the new chat or new group button above.'));
  const more = h('button', { type: 'button', class: 'link load-more', text: 'Load older conversations',
    onClick: () => sync.loadMoreThreads() });
  const root = h('nav', { class: 'thread-list-wrap', 'aria-label': 'Conversations' }, list, empty, more);

  function render() {
    const threads = store.sortedThreads();
    const alive = new Set(threads.map((t) => t.id));
    for (const [id, item] of items) {
      if (!alive.has(id)) {
        item.li.remove();
        items.delete(id);
      }
    }
    threads.forEach((thread, index) => {
      let item = items.get(thread.id);
      if (!item) items.set(thread.id, (item = createItem(thread)));
      updateItem(item, thread);
      if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] ?? null);
    });
    empty.hidden = threads.length > 0 || !store.threadsLoaded;
    more.hidden = !store.threadsNextBefore;
  }

  function createItem(thread) {
    const item = {
      name: h('span', { class: 'thread-name', testid: 'thread-name' }),
      time: h('time', { class: 'thread-time', testid: 'thread-time' }),
      preview: h('span', { class: 'thread-preview', testid: 'thread-preview' }),
      badge: h('span', { class: 'unread-badge', testid: 'unread-badge' }),
      muted: icon('muted', 'icon muted-icon'),
      dot: thread.kind === 'direct' ? presenceDot() : null,
      avatarSlot: h('span', { class: 'avatar-slot' }),
      avatarKey: '',
    };
    item.link = h('a', { class: 'thread-item', href: '#/t/' + encodeURIComponent(thread.id),
      testid: 'thread-item', dataset: { threadId: thread.id, kind: thread.kind } },
      item.avatarSlot,
      h('span', { class: 'thread-main' },
        h('span', { class: 'thread-top' }, item.name, item.muted, item.time),
        h('span', { class: 'thread-bottom' }, item.preview, item.badge)));
    item.li = h('li', {}, item.link);
    return item;
  }

  function updateItem(item, thread) {
    const name = threadName(store, thread);
    const unread = store.unread(thread);
    const other = store.otherId(thread);
    const avatarKey = thread.kind + '|' + name;
    if (item.avatarKey !== avatarKey) {
      item.avatarKey = avatarKey;
      const pic = thread.kind === 'group' ? groupAvatar(name, thread.id) : avatar(name, other);
      item.avatarSlot.replaceChildren(pic, item.dot ?? '');
    }
    if (item.dot) setPresence(item.dot, store.presence.get(other));
    setText(item.name, name);
    setText(item.time, thread.last_message ? listTime(thread.updated_at) : '');
    item.time.dateTime = thread.updated_at;
    const typers = store.typingUsers(thread.id);
    if (typers.length) {
      setText(item.preview, thread.kind === 'group'
        ? `${userName(store, typers[0])} is typing…` : 'typing…');
    } else {
      setText(item.preview, preview(store, thread));
    }
    item.preview.classList.toggle('typing-preview', typers.length > 0);
    setText(item.badge, unread > 99 ? '99+' : String(unread));
    item.badge.hidden = unread === 0;
    item.badge.classList.toggle('muted', thread.muted);
    item.muted.classList.toggle('hidden', !thread.muted);
    item.link.classList.toggle('unread', unread > 0);
    item.link.classList.toggle('active', store.openThreadId === thread.id);
    if (store.openThreadId === thread.id) item.link.setAttribute('aria-current', 'true');
    else item.link.removeAttribute('aria-current');
    item.badge.title = `${unread} unread`;
  }

  store.addEventListener('change', (e) => {
    const t = e.detail;
    if (t.has('threads') || t.has('users') || t.has('presence') || t.has('open') ||
        [...t].some((x) => x.startsWith('thread:'))) {
      render();
    }
  });
  render();
  return root;
}

// The messages of one thread: day separators, system lines, bubbles grouped by sender, pending
// and failed sends (with Retry), and the "Seen" line under the caller's latest message.
// Elements are keyed and reused, so updates do not disturb scrolling or focus.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { clockTime, dayLabel, nameList, sameDay, userName } from '../format.js';
import { avatar } from './common.js';

const RUN_GAP_MS = 5 * 60000;

export function messageList(store, outbox) {
  const list = h('ol', { class: 'message-list' });
  let rendered = new Map();

  /** Renders the thread's messages; answers whether anything was added or removed. */
  function render(threadId) {
    const thread = store.threads.get(threadId);
    const items = thread ? describe(thread) : [];
    const next = new Map();
    let changed = false;
    items.forEach((item, index) => {
      let el = rendered.get(item.key);
      if (!el || el.dataset.sig !== item.sig) {
        el = build(thread, item);
        el.dataset.sig = item.sig;
        changed = true;
      }
      next.set(item.key, el);
      if (list.children[index] !== el) list.insertBefore(el, list.children[index] ?? null);
    });
    while (list.children.length > items.length) {
      list.lastElementChild.remove();
      changed = true;
    }
    rendered = next;
    return changed;
  }

  function reset() {
    list.replaceChildren();
    rendered = new Map();
  }

  /** The rows to show, each with a key and a signature of everything it displays. */
  function describe(thread) {
    const me = store.me.id;
    const messages = store.messages(thread.id);
    const pending = store.pendingOf(thread.id);
    const rows = [];
    const lastMine = messages.findLast((m) => m.sender_id === me && m.kind === 'text');
    const seen = lastMine ? seenText(thread, lastMine) : '';
    let prev = null;
    let lastDate = null;
    const all = [...messages, ...pending.map((p) => ({ ...p, pending: p, sender_id: me, kind: 'text' }))];
    for (const m of all) {
      if (!lastDate || !sameDay(lastDate, m.created_at)) {
        const label = dayLabel(m.created_at);
        rows.push({ key: 'd' + (m.seq ?? m.client_msg_id), type: 'day', label, sig: label });
      }
      lastDate = m.created_at;
      if (m.kind === 'system') {
        rows.push({ key: 'm' + m.seq, type: 'system', m, sig: 's' });
        prev = null;
        continue;
      }
      const cont = Boolean(prev && prev.kind === 'text' && prev.sender_id === m.sender_id &&
        sameDay(prev.created_at, m.created_at) &&
        Date.parse(m.created_at) - Date.parse(prev.created_at) < RUN_GAP_MS);
      const showName = thread.kind === 'group' && m.sender_id !== me && !cont;
      const name = showName ? userName(store, m.sender_id) : '';
      const isSeen = m === lastMine ? seen : '';
      const status = m.pending ? `${m.pending.status}|${m.pending.error ?? ''}` : 'sent';
      rows.push({
        key: m.pending ? 'p' + m.client_msg_id : 'm' + m.seq,
        type: 'text', m, cont, name, seen: isSeen,
        sig: [cont, name, isSeen, status].join('|'),
      });
      prev = m;
    }
    return rows;
  }

  /** "Seen" (direct) or "Seen by …" (group) for the caller's latest message, else ''. */
  function seenText(thread, message) {
    const pointers = store.readPointers(thread.id);
    const readers = thread.participant_ids.filter(
      (id) => id !== store.me.id && (pointers.get(id) ?? 0) >= message.seq);
    if (readers.length === 0) return '';
    if (thread.kind === 'direct') return 'Seen';
    const everyone = readers.length === thread.participant_ids.length - 1;
    if (everyone && readers.length > 1) return 'Seen by everyone';
    return 'Seen by ' + nameList(readers.map((id) => userName(store, id)));
  }

  function build(thread, row) {
    if (row.type === 'day') {
      return h('li', { class: 'day-separator', role: 'separator' }, h('span', {}, row.label));
    }
    const m = row.m;
    if (row.type === 'system') {
      return h('li', { class: 'system-message', testid: 'message',
        dataset: { kind: 'system', seq: m.seq } },
        h('span', { class: 'system-text', testid: 'message-body' }, m.body),
        h('time', { class: 'system-time', dateTime: m.created_at }, clockTime(m.created_at)));
    }
    const mine = m.sender_id === store.me.id;
    const body = h('div', { class: 'bubble-body', testid: 'message-body' }, m.body);
    const meta = h('div', { class: 'bubble-meta' },
      h('time', { dateTime: m.created_at, title: new Date(m.created_at).toLocaleString() },
        clockTime(m.created_at)),
      mine ? statusOf(m) : null);
    const bubble = h('div', { class: 'bubble' },
      row.name ? h('div', { class: 'bubble-sender', testid: 'message-sender' }, row.name) : null,
      body, meta);
    const showAvatar = thread.kind === 'group' && !mine;
    const li = h('li', {
      class: ['message', mine ? 'mine' : 'theirs', row.cont && 'cont', m.pending?.status]
        .filter(Boolean).join(' '),
      testid: 'message',
      dataset: { kind: 'text', seq: m.seq ?? '', mine: String(mine), clientMsgId: m.client_msg_id ?? '' },
    },
    showAvatar ? (row.cont ? h('span', { class: 'avatar-spacer' })
      : avatar(userName(store, m.sender_id), m.sender_id, 'small')) : null,
    h('div', { class: 'bubble-column' }, bubble,
      m.pending?.status === 'failed' ? failure(m.pending) : null,
      row.seen ? h('div', { class: 'seen', testid: 'seen' }, icon('check', 'icon tiny'), row.seen)
        : null));
    return li;
  }

  function statusOf(m) {
    const state = m.pending ? m.pending.status : 'sent';
    const label = { pending: 'Sending…', failed: 'Not sent', sent: 'Sent' }[state];
    return h('span', { class: `status ${state}`, testid: 'message-status', title: label,
      dataset: { status: state } },
    icon(state === 'pending' ? 'clock' : state === 'failed' ? 'alert' : 'check', 'icon tiny'),
    h('span', { class: 'sr-only' }, label));
  }

  function failure(item) {
    return h('div', { class: 'send-failure', role: 'alert' },
      h('span', {}, item.error ?? 'Not sent'),
      h('button', { type: 'button', class: 'link', testid: 'message-retry',
        onClick: () => outbox.retry(item) }, 'Retry'));
  }

  return { el: list, render, reset };
}

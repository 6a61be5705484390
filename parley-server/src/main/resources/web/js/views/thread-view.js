// One open thread: header (name, presence or members), history with scroll-back paging,
// typing indicator and composer. Marks the thread read while it is open and visible.
import { h, setText } from '../dom.js';
import { nameList, presenceText, threadName, userName } from '../format.js';
import { avatar, groupAvatar, iconButton, presenceDot, setPresence } from './common.js';
import { composer } from './composer.js';
import { messageList } from './message-list.js';

const NEAR_TOP_PX = 150;
const AT_BOTTOM_PX = 60;

export function threadView({ store, sync, outbox, onBack, onInfo }) {
  let threadId = null;

  const avatarSlot = h('span', { class: 'avatar-slot' });
  const dot = presenceDot();
  const title = h('h2', { class: 'thread-title', testid: 'thread-title' });
  const subtitle = h('p', { class: 'thread-subtitle', testid: 'thread-subtitle' });
  const headButton = h('button', { type: 'button', class: 'thread-head-main', testid: 'thread-header',
    'aria-label': 'Conversation details', onClick: () => onInfo(threadId) },
  avatarSlot, h('span', { class: 'thread-head-text' }, title, subtitle));
  const header = h('header', { class: 'thread-head' },
    iconButton('back', 'Back to conversations', onBack,
      { class: 'icon-button back-button', testid: 'thread-back' }),
    headButton,
    iconButton('info', 'Conversation details', () => onInfo(threadId), { testid: 'thread-info' }));

  const history = h('p', { class: 'history-status', testid: 'history-status' });
  const messages = messageList(store, outbox);
  const scroller = h('div', { class: 'messages', testid: 'messages', role: 'log', tabindex: '0',
    'aria-label': 'Messages', 'aria-live': 'polite' }, history, messages.el);
  const typing = h('div', { class: 'typing', testid: 'typing', 'aria-live': 'polite' });
  const box = composer({
    onSend: (id, body) => {
      outbox.send(id, body);
      stickToBottom = true;
    },
    onTyping: (id) => sync.typing(id),
  });
  const root = h('section', { class: 'thread-view', testid: 'thread-view', hidden: true },
    header, scroller, typing, box.el);

  let stickToBottom = true;
  scroller.addEventListener('scroll', () => {
    stickToBottom = distanceFromBottom() < AT_BOTTOM_PX;
    if (scroller.scrollTop < NEAR_TOP_PX) sync.history.loadOlder(threadId);
    if (stickToBottom) markRead();
  });

  function distanceFromBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  }

  /** Opens a thread (or closes the view with null). */
  function show(id) {
    if (id === threadId) return;
    threadId = id;
    root.hidden = !id;
    messages.reset();
    stickToBottom = true;
    if (!id) return;
    box.show(id);
    sync.history.loadLatest(id);
    render();
  }

  function render() {
    const thread = threadId && store.threads.get(threadId);
    if (!thread) return;
    renderHeader(thread);
    const w = store.window(threadId);
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    messages.render(threadId);
    if (!w) setText(history, 'Loading…');
    else if (sync.history.isLoadingOlder(threadId)) setText(history, 'Loading earlier messages…');
    else if (w.hasMoreBefore) setText(history, '');
    else setText(history, thread.kind === 'group' ? 'Your history of this group starts here.'
      : 'This is the beginning of your conversation.');
    if (stickToBottom) scroller.scrollTop = scroller.scrollHeight;
    else scroller.scrollTop = scroller.scrollHeight - fromBottom;
    if (w && w.hasMoreBefore && scroller.scrollHeight <= scroller.clientHeight + NEAR_TOP_PX) {
      sync.history.loadOlder(threadId);
    }
    renderTyping(thread);
    markRead();
  }

  function renderHeader(thread) {
    const name = threadName(store, thread);
    setText(title, name);
    const key = thread.kind + '|' + name;
    if (avatarSlot.dataset.key !== key) {
      avatarSlot.dataset.key = key;
      const other = store.otherId(thread);
      avatarSlot.replaceChildren(thread.kind === 'group' ? groupAvatar(name, thread.id)
        : avatar(name, other), thread.kind === 'direct' ? dot : '');
    }
    if (thread.kind === 'direct') {
      const presence = store.presence.get(store.otherId(thread));
      setPresence(dot, presence);
      const user = store.user(store.otherId(thread));
      const handle = user ? '@' + user.username : '';
      const parts = [presenceText(presence), thread.nickname ? handle : ''];
      setText(subtitle, parts.filter(Boolean).join(' · '));
    } else {
      const count = thread.participant_ids.length;
      setText(subtitle, `${count} member${count === 1 ? '' : 's'}${thread.muted ? ' · muted' : ''}`);
    }
  }

  function renderTyping(thread) {
    const names = store.typingUsers(thread.id).map((id) => userName(store, id));
    setText(typing, names.length === 0 ? '' : thread.kind === 'direct' ? `${names[0]} is typing…`
      : `${nameList(names)} ${names.length === 1 ? 'is' : 'are'} typing…`);
    typing.classList.toggle('active', names.length > 0);
  }

  /** Read receipts go out only while the thread is really in front of the person. */
  function markRead() {
    if (!threadId || root.hidden || document.visibilityState !== 'visible') return;
    if (!store.window(threadId) || !stickToBottom) return;
    if (root.getClientRects().length === 0) return;
    sync.markRead(threadId);
  }

  document.addEventListener('visibilitychange', markRead);
  window.addEventListener('resize', () => {
    if (stickToBottom) scroller.scrollTop = scroller.scrollHeight;
  });
  store.addEventListener('change', (e) => {
    const t = e.detail;
    if (!threadId) return;
    if (t.has('thread:' + threadId) || t.has('users') || t.has('presence') || t.has('threads')) render();
  });

  return { el: root, show, focus: () => box.input.focus(), current: () => threadId };
}

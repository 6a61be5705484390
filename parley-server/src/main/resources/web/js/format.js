// Names and times as people read them. Pure functions of the store's data; no DOM.

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const DAY_MS = 86400000;

/** A user's display name; 'You' for the caller when youLabel is given. */
export function userName(store, id, youLabel) {
  if (youLabel && id === store.me?.id) return youLabel;
  const user = store.user(id);
  return user ? user.display_name : 'Someone';
}

/** What a thread is called for the caller: its nickname, the group title or the other person. */
export function threadName(store, thread) {
  if (thread.nickname) return thread.nickname;
  if (thread.kind === 'group') return thread.title ?? 'Group';
  const other = store.otherId(thread);
  return other ? userName(store, other) : 'Conversation';
}

/** The short line under a thread's name: who wrote the last message and what. */
export function preview(store, thread) {
  const m = thread.last_message;
  if (!m) return 'No messages yet';
  const text = m.body.replace(/\s+/g, ' ').trim();
  if (m.kind === 'system') return text;
  if (m.sender_id === store.me?.id) return `You: ${text}`;
  if (thread.kind === 'group') return `${userName(store, m.sender_id)}: ${text}`;
  return text;
}

/** Hours and minutes. */
export function clockTime(iso) {
  return clock.format(new Date(iso));
}

/** For lists: the time today, the weekday this week, else the date. */
export function listTime(iso, now = new Date()) {
  const date = new Date(iso);
  const days = dayNumber(now) - dayNumber(date);
  if (days <= 0) return clock.format(date);
  if (days < 7) return weekday.format(date);
  return shortDate.format(date);
}

/** Day separators in a thread: Today, Yesterday or the full date. */
export function dayLabel(iso, now = new Date()) {
  const days = dayNumber(now) - dayNumber(new Date(iso));
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return longDate.format(new Date(iso));
}

export function sameDay(a, b) {
  return dayNumber(new Date(a)) === dayNumber(new Date(b));
}

function dayNumber(date) {
  return Math.floor((date.getTime() - date.getTimezoneOffset() * 60000) / DAY_MS);
}

/** Presence as a phrase: Online, Last seen 10:42, Last seen Tue, Offline. */
export function presenceText(presence) {
  if (!presence) return '';
  if (presence.online) return 'Online';
  if (!presence.last_seen_at) return 'Offline';
  return `Last seen ${listTime(presence.last_seen_at)}`;
}

/** Up to two initials of a name (letters and digits only), for avatars. */
export function initials(name) {
  const words = (name || '').split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]/u)?.[0])
    .filter(Boolean);
  if (words.length === 0) return '?';
  return (words.length > 1 ? words[0] + words[words.length - 1] : words[0]).toUpperCase();
}

/** A stable colour class (c0-c7) for an id. */
export function colorClass(id) {
  let hash = 0;
  for (const ch of id ?? '') hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return 'c' + (Math.abs(hash) % 8);
}

/** "Alice", "Alice and Bob", "Alice, Bob and 2 others". */
export function nameList(names) {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}

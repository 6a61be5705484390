// Small pieces shared by the views: avatars, icon buttons, presence dots, the toast line.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { colorClass, initials } from '../format.js';

/** A round avatar with initials; decorative, the name is always shown next to it. */
export function avatar(name, id, size = '') {
  return h('span', { class: `avatar ${colorClass(id)} ${size}`.trim(), 'aria-hidden': 'true' },
    initials(name));
}

/** A group avatar: the group's first letters on a neutral disc with a small group mark. */
export function groupAvatar(name, id, size = '') {
  return h('span', { class: `avatar group ${colorClass(id)} ${size}`.trim(), 'aria-hidden': 'true' },
    initials(name));
}

/** A button that shows only an icon; label is read by screen readers and shown as a tooltip. */
export function iconButton(name, label, onClick, props = {}) {
  return h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label,
    onClick, ...props }, icon(name));
}

/** The green/grey dot of a direct thread; updated in place with setPresence. */
export function presenceDot() {
  return h('span', { class: 'presence-dot', testid: 'presence-dot', 'aria-hidden': 'true' });
}

export function setPresence(dot, presence) {
  const online = Boolean(presence?.online);
  dot.classList.toggle('online', online);
  dot.classList.toggle('known', Boolean(presence));
  dot.dataset.online = String(online);
}

let toastTimer = null;

/** A short notice at the bottom of the screen (also read out by screen readers). */
export function toast(text) {
  let el = document.getElementById('toast');
  if (!el) {
    el = h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite',
      testid: 'toast' });
    document.body.appendChild(el);
  }
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}

// Find people by username prefix: a search box and a list of results. Enter picks the first
// result, the arrow keys move through the list.
import { h, setText, debounce } from '../dom.js';
import { avatar } from './common.js';

export function userPicker({ api, store, onPick, exclude = () => new Set(), label, testid }) {
  const id = 'picker-' + Math.random().toString(36).slice(2, 8);
  const input = h('input', { id, type: 'search', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', placeholder: 'Search by username', testid: testid ?? 'user-search',
    'aria-controls': id + '-results' });
  const results = h('ul', { id: id + '-results', class: 'user-results', 'aria-label': 'People found' });
  const status = h('p', { class: 'picker-status', 'aria-live': 'polite' });
  let found = [];
  let asked = 0;
  let answered = 0;
  let pickWhenFound = false;

  const search = debounce(async () => {
    const q = input.value.trim().toLowerCase().replace(/^@/, '');
    const ticket = asked;
    if (!q) {
      answered = ticket;
      found = [];
      setText(status, '');
      return renderResults();
    }
    try {
      const { users } = await api.searchUsers(q, 10);
      if (ticket !== asked) return;
      const skip = exclude();
      found = users.filter((u) => u.id !== store.me.id && !skip.has(u.id));
      for (const u of users) store.setUser(u);
      setText(status, found.length ? '' : `No one found for “${q}”.`);
    } catch (e) {
      if (ticket !== asked) return;
      found = [];
      setText(status, e.message);
    }
    answered = ticket;
    renderResults();
    if (pickWhenFound && found.length) pick(found[0]);
    pickWhenFound = false;
  }, 180);

  input.addEventListener('input', () => {
    asked++;
    pickWhenFound = false;
    search();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      // Enter before the answer came: take the first person of the answer.
      if (answered !== asked) pickWhenFound = true;
      else if (found.length) pick(found[0]);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      results.querySelector('button')?.focus();
    }
  });
  results.addEventListener('keydown', (e) => {
    const buttons = [...results.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && at >= 0) {
      e.preventDefault();
      buttons[Math.min(at + 1, buttons.length - 1)].focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      (at === 0 ? input : buttons[at - 1]).focus();
    }
  });

  function renderResults() {
    results.replaceChildren(...found.map((user) => h('li', {},
      h('button', { type: 'button', class: 'user-result', testid: 'user-result',
        dataset: { username: user.username, userId: user.id }, onClick: () => pick(user) },
      avatar(user.display_name, user.id, 'small'),
      h('span', { class: 'user-result-text' },
        h('span', { class: 'user-result-name' }, user.display_name),
        h('span', { class: 'user-result-handle' }, '@' + user.username))))));
  }

  function pick(user) {
    onPick(user);
  }

  function clear() {
    input.value = '';
    found = [];
    answered = ++asked;
    pickWhenFound = false;
    setText(status, '');
    renderResults();
  }

  const el = h('div', { class: 'user-picker' },
    h('label', { for: id, class: label ? '' : 'sr-only' }, label ?? 'Search people'),
    input, status, results);
  return { el, input, clear };
}

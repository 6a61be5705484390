// Modal dialogs (native <dialog>: Escape closes, focus stays inside) and the two that start
// conversations: a direct chat found by username, and a group with a title and members.
import { h, setText } from '../dom.js';
import { iconButton, toast } from './common.js';
import { userPicker } from './user-picker.js';

/** Opens a modal; answers { dialog, body, close }. The dialog is removed when it closes. */
export function openDialog({ title, testid, content, onClose }) {
  const opener = document.activeElement;
  const heading = h('h2', { class: 'dialog-title' }, title);
  const body = h('div', { class: 'dialog-body' }, content);
  const dialog = h('dialog', { class: 'dialog', testid, 'aria-label': title },
    h('header', { class: 'dialog-head' }, heading,
      iconButton('close', 'Close', () => dialog.close(), { testid: 'dialog-close' })),
    body);
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, body, heading, close: () => dialog.close() };
}

/** New direct chat: pick a person, the thread opens (the existing one if there is one). */
export function newChatDialog({ api, store, sync, navigate }) {
  let busy = false;
  const picker = userPicker({
    api, store, label: 'Who do you want to talk to?', testid: 'user-search',
    onPick: async (user) => {
      if (busy) return;
      busy = true;
      try {
        const { thread } = await api.createDirect(user.id);
        sync.adopt(thread);
        modal.close();
        navigate(thread.id);
      } catch (e) {
        toast(e.message);
      } finally {
        busy = false;
      }
    },
  });
  picker.input.autofocus = true;
  const modal = openDialog({ title: 'New chat', testid: 'new-chat-dialog', content: picker.el });
  picker.input.focus();
}

/** New group: a title and any number of members; the caller becomes its owner. */
export function newGroupDialog({ api, store, sync, navigate }) {
  const chosen = new Map();
  const titleInput = h('input', { id: 'group-title', maxlength: '100', required: true,
    autocomplete: 'off', placeholder: 'e.g. Book club', testid: 'group-title' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'Members to add', testid: 'group-members' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const create = h('button', { type: 'submit', class: 'primary', testid: 'group-create' }, 'Create group');
  const picker = userPicker({
    api, store, label: 'Add people', testid: 'group-member-search',
    exclude: () => new Set(chosen.keys()),
    onPick: (user) => {
      chosen.set(user.id, user);
      picker.clear();
      picker.input.focus();
      renderChips();
    },
  });

  function renderChips() {
    const chip = (user) => h('li', { class: 'chip', testid: 'group-member' },
      h('span', {}, user.display_name),
      iconButton('close', `Remove ${user.display_name}`, () => {
        chosen.delete(user.id);
        renderChips();
        picker.input.focus();
      }, { class: 'icon-button chip-remove' }));
    chips.replaceChildren(...[...chosen.values()].map(chip));
    chips.hidden = chosen.size === 0;
  }

  async function submit(event) {
    event.preventDefault();
    const title = titleInput.value.trim();
    if (!title) {
      setText(error, 'Give the group a name.');
      titleInput.focus();
      return;
    }
    create.disabled = true;
    try {
      const { thread } = await api.createGroup(title, [...chosen.keys()]);
      sync.adopt(thread);
      modal.close();
      navigate(thread.id);
    } catch (e) {
      setText(error, e.message);
    } finally {
      create.disabled = false;
    }
  }

  const form = h('form', { class: 'stack', onSubmit: submit, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'group-title' }, 'Group name'), titleInput),
    picker.el, chips, error,
    h('div', { class: 'dialog-actions' }, create));
  // Enter in the people search picks a person; it must not submit the form.
  picker.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  renderChips();
  const modal = openDialog({ title: 'New group', testid: 'new-group-dialog', content: form });
  titleInput.focus();
}

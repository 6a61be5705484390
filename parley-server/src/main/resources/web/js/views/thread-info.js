// Conversation details: the caller's nickname and mute, and for groups the title (rename),
// the members (add, remove when owner) and leaving.
import { h, setText } from '../dom.js';
import { threadName, userName, presenceText } from '../format.js';
import { avatar, iconButton, toast } from './common.js';
import { openDialog } from './dialogs.js';
import { userPicker } from './user-picker.js';

export function threadInfoDialog({ api, store, sync, threadId, onLeft }) {
  const thread = () => store.threads.get(threadId);
  const t = thread();
  if (!t) return;
  const me = store.me.id;

  const run = async (button, action, done) => {
    button.disabled = true;
    try {
      const answer = await action();
      if (answer?.thread) sync.adopt(answer.thread);
      if (done) toast(done);
      return true;
    } catch (e) {
      toast(e.message);
      return false;
    } finally {
      button.disabled = false;
    }
  };

  // --- the caller's own settings ---
  const nickname = h('input', { id: 'info-nickname', maxlength: '64', autocomplete: 'off',
    value: t.nickname ?? '', placeholder: 'Only you see it', testid: 'nickname-input' });
  const saveNickname = h('button', { type: 'submit', class: 'secondary', testid: 'nickname-save' },
    'Save');
  const nicknameForm = h('form', { class: 'inline-form', onSubmit: (e) => {
    e.preventDefault();
    const value = nickname.value.trim();
    run(saveNickname, () => api.settings(threadId, { nickname: value || null }),
      value ? 'Nickname saved' : 'Nickname cleared');
  } },
  h('label', { for: 'info-nickname' }, 'Nickname'),
  h('div', { class: 'row' }, nickname, saveNickname));

  const mute = h('input', { type: 'checkbox', id: 'info-mute', class: 'switch', role: 'switch',
    checked: Boolean(t.muted), testid: 'mute-toggle' });
  mute.addEventListener('change', async () => {
    const ok = await run(mute, () => api.settings(threadId, { muted: mute.checked }),
      mute.checked ? 'Muted: no notifications from this conversation' : 'Unmuted');
    if (!ok) mute.checked = !mute.checked;
  });
  const muteRow = h('div', { class: 'switch-row' },
    h('label', { for: 'info-mute' }, 'Mute notifications'), mute);

  const sections = [h('section', { class: 'info-section' }, h('h3', {}, 'For you'), nicknameForm, muteRow)];

  // --- group: title, members, leave ---
  const members = h('ul', { class: 'member-list', testid: 'member-list' });
  if (t.kind === 'group') {
    const title = h('input', { id: 'info-title', maxlength: '100', required: true,
      value: t.title ?? '', autocomplete: 'off', testid: 'rename-input' });
    const rename = h('button', { type: 'submit', class: 'secondary', testid: 'rename-save' }, 'Rename');
    const renameForm = h('form', { class: 'inline-form', onSubmit: (e) => {
      e.preventDefault();
      const value = title.value.trim();
      if (!value) return title.focus();
      run(rename, () => api.rename(threadId, value), 'Group renamed');
    } }, h('label', { for: 'info-title' }, 'Group name'), h('div', { class: 'row' }, title, rename));

    const picker = userPicker({
      api, store, label: 'Add people', testid: 'add-member-search',
      exclude: () => new Set(thread()?.participant_ids ?? []),
      onPick: async (user) => {
        if (await run(picker.input, () => api.addMembers(threadId, [user.id]),
          `${user.display_name} was added`)) {
          picker.clear();
        }
        picker.input.focus();
      },
    });
    const leave = h('button', { type: 'button', class: 'danger', testid: 'leave' }, 'Leave group');
    leave.addEventListener('click', async () => {
      if (leave.dataset.confirm !== 'yes') {
        leave.dataset.confirm = 'yes';
        setText(leave, 'Click again to leave');
        return;
      }
      if (await run(leave, () => api.removeMember(threadId, me))) {
        modal.close();
        sync.forget(threadId);
        onLeft?.();
        toast('You left the group');
      }
    });
    leave.addEventListener('blur', () => {
      leave.dataset.confirm = '';
      setText(leave, 'Leave group');
    });
    sections.push(
      h('section', { class: 'info-section' }, h('h3', {}, 'Group'), renameForm),
      h('section', { class: 'info-section' }, h('h3', { testid: 'member-count' }), members, picker.el),
      h('section', { class: 'info-section' }, leave));
  } else {
    const other = store.otherId(t);
    const user = store.user(other);
    sections.unshift(h('section', { class: 'info-section person' },
      avatar(userName(store, other), other, 'large'),
      h('div', {}, h('p', { class: 'person-name' }, userName(store, other)),
        h('p', { class: 'hint' }, [user ? '@' + user.username : '', presenceText(store.presence.get(other))]
          .filter(Boolean).join(' · ')))));
  }

  function renderMembers() {
    const current = thread();
    if (!current) return modal?.close();
    setText(modal.heading, threadName(store, current));
    if (current.kind !== 'group') return;
    setText(modal.body.querySelector('[data-testid="member-count"]'),
      `${current.participant_ids.length} member${current.participant_ids.length === 1 ? '' : 's'}`);
    const ids = [...current.participant_ids].sort((a, b) =>
      (a === current.owner_id ? -1 : b === current.owner_id ? 1 : 0) ||
      userName(store, a).localeCompare(userName(store, b)));
    members.replaceChildren(...ids.map((id) => {
      const name = userName(store, id);
      const canRemove = current.owner_id === me && id !== me;
      return h('li', { class: 'member', testid: 'member-item', dataset: { userId: id } },
        avatar(name, id, 'small'),
        h('span', { class: 'member-name' }, id === me ? `${name} (you)` : name),
        id === current.owner_id ? h('span', { class: 'tag' }, 'Owner') : null,
        canRemove ? iconButton('close', `Remove ${name}`, (e) =>
          run(e.currentTarget, () => api.removeMember(threadId, id), `${name} was removed`),
        { class: 'icon-button member-remove', testid: 'member-remove' }) : null);
    }));
  }

  const onChange = (e) => {
    if (e.detail.has('thread:' + threadId) || e.detail.has('users')) renderMembers();
  };
  const modal = openDialog({
    title: threadName(store, t), testid: 'thread-info-dialog', content: sections,
    onClose: () => store.removeEventListener('change', onChange),
  });
  store.addEventListener('change', onChange);
  renderMembers();
}

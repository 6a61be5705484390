// Log in and register. On success calls onLoggedIn(token, user).
import { h, setText } from '../dom.js';
import { icon } from '../icons.js';

export function authView(api, onLoggedIn) {
  let mode = 'login';

  const username = h('input', {
    id: 'auth-username', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false', maxlength: '32', testid: 'auth-username',
  });
  const displayName = h('input', {
    id: 'auth-display-name', name: 'display_name', autocomplete: 'name', maxlength: '64',
    testid: 'auth-display-name',
  });
  const password = h('input', {
    id: 'auth-password', name: 'password', type: 'password', required: true, minlength: '8',
    autocomplete: 'current-password', testid: 'auth-password',
  });
  const nameRow = h('div', { class: 'field' },
    h('label', { for: 'auth-display-name' }, 'Your name ', h('span', { class: 'hint' }, '(optional)')),
    displayName);
  const error = h('p', { class: 'form-error', role: 'alert', testid: 'auth-error' });
  const submit = h('button', { type: 'submit', class: 'primary wide', testid: 'auth-submit' });
  const heading = h('h2', { class: 'auth-heading' });
  const switchText = h('span');
  const switchButton = h('button', { type: 'button', class: 'link', testid: 'auth-switch',
    onClick: () => setMode(mode === 'login' ? 'register' : 'login') });

  const form = h('form', { class: 'auth-form', novalidate: true, onSubmit: submitForm },
    heading,
    h('div', { class: 'field' }, h('label', { for: 'auth-username' }, 'Username'), username),
    nameRow,
    h('div', { class: 'field' }, h('label', { for: 'auth-password' }, 'Password'), password),
    error,
    submit,
    h('p', { class: 'auth-switch' }, switchText, ' ', switchButton));

  function setMode(next) {
    mode = next;
    const register = mode === 'register';
    setText(heading, register ? 'Create your account' : 'Welcome back');
    setText(submit, register ? 'Create account' : 'Log in');
    setText(switchText, register ? 'Already have an account?' : 'New to Parley?');
    setText(switchButton, register ? 'Log in' : 'Create an account');
    nameRow.hidden = !register;
    password.autocomplete = register ? 'new-password' : 'current-password';
    setText(error, '');
    form.dataset.mode = mode;
    username.focus();
  }

  async function submitForm(event) {
    event.preventDefault();
    setText(error, '');
    const name = username.value.trim().toLowerCase();
    const pass = password.value;
    if (!/^[a-z0-9_.-]{3,32}$/.test(name)) {
      return fail('A username is 3 to 32 letters, digits, dots, dashes or underscores.', username);
    }
    if (mode === 'register' && pass.length < 8) {
      return fail('The password needs at least 8 characters.', password);
    }
    if (!pass) return fail('Enter your password.', password);
    submit.disabled = true;
    try {
      if (mode === 'register') {
        await api.register(name, pass, displayName.value.trim() || undefined);
      }
      const session = await api.login(name, pass);
      onLoggedIn(session.token, session.user);
    } catch (e) {
      if (e.code === 'username_taken') fail('That username is taken. Try another one.', username);
      else if (e.status === 401) fail('Wrong username or password.', password);
      else if (e.status === 0) fail('The server cannot be reached. Try again in a moment.');
      else fail(e.message);
    } finally {
      submit.disabled = false;
    }
  }

  function fail(text, field) {
    setText(error, text);
    field?.focus();
  }

  const view = h('main', { class: 'auth', testid: 'auth' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'brand' }, icon('chat', 'brand-mark'), h('h1', {}, 'Parley')),
      h('p', { class: 'tagline' }, 'Conversations that keep up with you.'),
      form));
  setMode('login');
  return view;
}

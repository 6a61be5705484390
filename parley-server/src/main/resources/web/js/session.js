// The login kept in localStorage, so it survives a reload and is shared by the user's tabs.

const KEY = 'parley.session';

export class Session {
  constructor() {
    this.value = read();
  }

  get token() {
    return this.value?.token ?? null;
  }

  get user() {
    return this.value?.user ?? null;
  }

  save(token, user) {
    this.value = { token, user };
    localStorage.setItem(KEY, JSON.stringify(this.value));
  }

  clear() {
    this.value = null;
    localStorage.removeItem(KEY);
  }

  /** Calls fn(newValue) when another tab logs in or out. */
  onOtherTab(fn) {
    window.addEventListener('storage', (e) => {
      if (e.key !== KEY && e.key !== null) return;
      const next = read();
      if (next?.token === this.token) return;
      this.value = next;
      fn(next);
    });
  }
}

function read() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY));
    return value && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

// The message box: Enter sends, Shift+Enter starts a new line; typing is announced to the
// others; each thread keeps its own draft.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { toast } from './common.js';

const MAX_BODY_BYTES = 16384;

export function composer({ onSend, onTyping }) {
  const drafts = new Map();
  let threadId = null;

  const input = h('textarea', {
    class: 'composer-input', rows: '1', placeholder: 'Write a message…', 'aria-label': 'Message',
    testid: 'composer', enterkeyhint: 'send',
  });
  const send = h('button', { type: 'submit', class: 'send-button', 'aria-label': 'Send',
    title: 'Send (Enter)', testid: 'send' }, icon('send'));
  const form = h('form', { class: 'composer', onSubmit: submit }, input, send);

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => {
    drafts.set(threadId, input.value);
    update();
    if (input.value.trim()) onTyping(threadId);
  });

  function submit(event) {
    event?.preventDefault();
    const body = input.value.trim();
    if (!body || !threadId) return;
    if (new TextEncoder().encode(body).length > MAX_BODY_BYTES) {
      toast('This message is too long: at most 16 KB of text.');
      return;
    }
    onSend(threadId, body);
    input.value = '';
    drafts.delete(threadId);
    update();
    input.focus();
  }

  function update() {
    send.disabled = !input.value.trim();
  }

  /** Switches to another thread, keeping the draft of the one we leave. */
  function show(id) {
    if (threadId) drafts.set(threadId, input.value);
    threadId = id;
    input.value = drafts.get(id) ?? '';
    update();
  }

  return { el: form, input, show };
}

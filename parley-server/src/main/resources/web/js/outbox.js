// Sending: a message shows at once as pending, is sent over the WebSocket (or REST when the
// socket is down), and is replaced by the stored message when the server answers. A failed
// send keeps its client_msg_id, so retrying it can never store it twice.
import { newClientMsgId } from './api.js';

const ACK_WITHIN_MS = 10000;

export class Outbox {
  constructor(store, api, socket, sync) {
    this.store = store;
    this.api = api;
    this.socket = socket;
    this.sync = sync;
    this.queue = Promise.resolve();
    socket.addEventListener('ready', () => this.retryFailed());
  }

  /** Queues a new message; sends are made one at a time, in the order they were written. */
  send(threadId, body) {
    const item = {
      thread_id: threadId,
      client_msg_id: newClientMsgId(),
      body,
      status: 'pending',
      error: null,
      retryable: false,
      created_at: new Date().toISOString(),
    };
    this.store.addPending(item);
    this.enqueue(item);
    return item;
  }

  /** Sends a failed message again, with its original client_msg_id. */
  retry(item) {
    if (item.status !== 'failed') return;
    this.store.updatePending(item, { status: 'pending', error: null });
    this.enqueue(item);
  }

  /** After a reconnect: everything that failed for want of a connection goes again. */
  retryFailed() {
    for (const list of this.store.pending.values()) {
      for (const item of list) if (item.status === 'failed' && item.retryable) this.retry(item);
    }
  }

  enqueue(item) {
    this.queue = this.queue.then(() => this.attempt(item));
  }

  async attempt(item) {
    if (!this.store.pendingOf(item.thread_id).includes(item)) return;
    const { thread_id: threadId, body, client_msg_id: clientMsgId } = item;
    try {
      let message;
      if (this.socket.online) {
        const frame = { type: 'send', thread_id: threadId, body, client_msg_id: clientMsgId };
        message = (await this.socket.request(frame, ACK_WITHIN_MS)).message;
      } else {
        message = (await this.api.sendMessage(threadId, body, clientMsgId)).message;
      }
      this.sync.confirmed(message);
      this.store.dropPending(threadId, clientMsgId);
    } catch (e) {
      this.store.updatePending(item, {
        status: 'failed',
        error: describe(e),
        retryable: Boolean(e.transient),
      });
    }
  }
}

function describe(error) {
  switch (error.code) {
    case 'network':
    case 'timeout':
      return 'Not sent: no connection';
    case 'payload_too_large':
      return 'Not sent: the message is too long';
    case 'not_found':
      return 'Not sent: you are no longer in this conversation';
    default:
      return 'Not sent';
  }
}

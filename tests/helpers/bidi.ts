/**
 * A minimal WebDriver BiDi client (https://w3c.github.io/webdriver-bidi/) over `ws`: commands with
 * their answers, and events. Firefox speaks BiDi natively, so no driver binary is involved.
 */
import WebSocket from 'ws';

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type Listener = (params: Record<string, unknown>) => void;

export class BiDiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(`${method}: ${code}: ${message}`);
  }
}

export class BiDi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed: Error | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => this.fail(new Error('the browser closed the WebDriver BiDi connection')));
    socket.on('error', (e) => this.fail(e));
  }

  /** Connects to `ws://host:port` (the address Firefox prints) and starts a session. */
  static async connect(address: string): Promise<BiDi> {
    const socket = new WebSocket(`${address.replace(/\/$/, '')}/session`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const bidi = new BiDi(socket);
    await bidi.send('session.new', { capabilities: {} });
    return bidi;
  }

  /** Sends a command; resolves with its result, rejects with the browser's error. */
  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `listener` for every event named `method` (subscribe to it with session.subscribe too). */
  on(method: string, listener: Listener): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.send('session.end').catch(() => undefined);
    this.socket.close();
  }

  private receive(text: string): void {
    const msg = JSON.parse(text) as { type: string; id?: number; result?: unknown; error?: string; message?: string; method?: string; params?: Record<string, unknown> };
    if (msg.type === 'event' && msg.method) {
      for (const l of this.listeners.get(msg.method) ?? []) l(msg.params ?? {});
      return;
    }
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id!);
    if (msg.type === 'success') p.resolve(msg.result);
    else p.reject(new BiDiError(p.method, msg.error ?? 'unknown error', msg.message ?? ''));
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

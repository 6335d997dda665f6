/** Reads `read()` every `everyMs` until `ok` holds for its value, which is returned; fails after `timeoutMs` saying what it last read. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

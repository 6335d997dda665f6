/**
 * The one mapping from errors to what a reader is told. Every surface (panel, drawer, badges, popup,
 * library page) shows errors through it, directly or because the background and the message client
 * map what they pass on: no browser, IndexedDB, Dexie or onnxruntime text ever reaches the UI.
 *
 * Raw texts this knows (each in tests/unit/plain-errors.test.ts):
 * - storage: QuotaExceededError; Dexie's BulkError "readingList.bulkPut(): 161 of 200 operations failed…
 *   AbortError" (a full disk aborts the transaction); DatabaseClosedError (the browser closed the
 *   connection); VersionError (another version holds the database); UnknownError / "Internal error
 *   opening backing store" (I/O);
 * - messaging: "A listener indicated an asynchronous response by returning true, but the message channel
 *   closed before a response was received", "Could not establish connection. Receiving end does not
 *   exist." (the service worker or offscreen document restarted); "Extension context invalidated."
 *   (the extension was updated under an open page); "Message exceeded maximum allowed size of 64MiB";
 * - network: "Failed to fetch", "NetworkError when attempting to fetch resource." (Firefox),
 *   "net::ERR_INTERNET_DISCONNECTED", "net::ERR_BLOCKED_BY_CLIENT", HTTP statuses.
 */

/** An error whose message was written for readers: passed on as it is. */
export class PlainError extends Error {
  override name = 'PlainError';
}

/** What a surface says once the extension that drew it was updated, reloaded or removed. */
export const UPDATED_NOTICE = 'arXiv Neighbors was updated — reload the page to use it.';

export type ErrorKind = 'plain' | 'updated' | 'quota' | 'io' | 'closed' | 'version' | 'restart' | 'too-large' | 'offline' | 'blocked' | 'refused' | 'unknown';

export interface ErrorContext {
  /** The host a request went to (e.g. huggingface.co): network failures name it. */
  host?: string;
  /** Whether the browser says it is online (default: navigator.onLine where there is one). */
  online?: boolean;
  /** What failed, as "Could not <doing>: …" (e.g. "download the embedding model"). */
  doing?: string;
  /** Said for an error of no known kind (default: a general "something went wrong"). */
  fallback?: string;
}

/**
 * The raw text of an error, for what classifies it (the embedder tells a restart from a model failure
 * by it) and for tooling output — never for a reader, who gets `plainMessage`.
 */
export function rawText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Every name and message an error carries (Dexie nests the cause in `inner` and `failures`). */
function texts(e: unknown, depth = 0): { names: string[]; messages: string[] } {
  const names: string[] = [];
  const messages: string[] = [];
  if (e === null || e === undefined || depth > 3) return { names, messages };
  if (typeof e !== 'object') {
    messages.push(String(e));
    return { names, messages };
  }
  const o = e as { name?: unknown; message?: unknown; inner?: unknown; failures?: unknown; cause?: unknown };
  if (typeof o.name === 'string') names.push(o.name);
  if (typeof o.message === 'string') messages.push(o.message);
  const nested = [o.inner, o.cause, ...(Array.isArray(o.failures) ? o.failures.slice(0, 5) : [])];
  for (const n of nested) {
    const t = texts(n, depth + 1);
    names.push(...t.names);
    messages.push(...t.messages);
  }
  return { names, messages };
}

/** Which kind of failure `e` is. */
export function classifyError(e: unknown): ErrorKind {
  if (e instanceof PlainError || (e as { name?: unknown } | null)?.name === 'PlainError') return 'plain';
  const { names, messages } = texts(e);
  const all = [...names, ...messages].join('\n');
  const named = (...n: string[]) => names.some((x) => n.includes(x));
  if (named('ExtensionGoneError') || /Extension context invalidated/i.test(all)) return 'updated';
  if (named('QuotaExceededError') || /QuotaExceeded|quota (has been )?exceeded|out of (disk )?space|disk (is )?full/i.test(all)) return 'quota';
  if (named('VersionError', 'UpgradeError') || /VersionError|requested version \(\d+\) is less than/i.test(all)) return 'version';
  if (named('DatabaseClosedError') || /DatabaseClosed|Database has been closed|connection (is|was) closed/i.test(all)) return 'closed';
  if (/message channel closed|Receiving end does not exist|Could not establish connection|message port closed|No answer to \w+|extension may be restarting|back\/forward cache|offscreen document (was )?closed|worker crashed/i.test(all)) return 'restart';
  if (/Message exceeded maximum allowed size/i.test(all)) return 'too-large';
  if (named('AbortError', 'UnknownError', 'DataCloneError', 'InvalidStateError') || /Internal error|backing store|I\/O|IOError|operations failed|Transaction (was )?aborted|AbortError/i.test(all)) return 'io';
  if (/ERR_BLOCKED_BY_(CLIENT|ADMINISTRATOR|RESPONSE)|blocked by (the )?(client|CORS|content blocker)/i.test(all)) return 'blocked';
  if (/ERR_INTERNET_DISCONNECTED|offline/i.test(all)) return 'offline';
  if (/Failed to fetch|NetworkError|ERR_[A-Z_]+|Load failed|fetch failed|network|ECONNREFUSED|HTTP\s*[45]\d\d|status (code )?[45]\d\d|\b(404|403|500|502|503)\b|Could not locate file/i.test(all)) return 'refused';
  return 'unknown';
}

function isOnline(ctx: ErrorContext): boolean {
  if (ctx.online !== undefined) return ctx.online;
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** The plain message for `e`: what happened and what to do, in words, never the raw text. */
export function plainMessage(e: unknown, ctx: ErrorContext = {}): string {
  const kind = classifyError(e);
  const could = (what: string) => (ctx.doing ? `Could not ${ctx.doing}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1));
  const where = ctx.host ?? 'the server';
  switch (kind) {
    case 'plain':
      return (e as Error).message;
    case 'updated':
      return UPDATED_NOTICE;
    case 'quota':
      return 'Your browser is out of storage space for this extension: nothing was changed, and what was saved before is intact. Free some disk space and try again.';
    case 'io':
      return 'The browser could not write to its storage (the disk may be full): nothing was changed, and what was saved before is intact. Free some disk space and try again.';
    case 'closed':
      return 'The browser closed the reading list’s storage (this happens when the disk is full or the browser is shutting down). It is opened again on your next try: try again.';
    case 'version':
      return 'Another version of arXiv Neighbors has the reading list open. Reload this page (or close the extension’s other pages) and try again.';
    case 'restart':
      return 'arXiv Neighbors restarted before it could answer. Nothing is lost: try again.';
    case 'too-large':
      return 'That is too much to handle at once. Try again with fewer papers.';
    case 'offline':
      return could('you are offline. Connect to the internet and try again.');
    case 'blocked':
      return could(`the browser or another extension blocked ${where}.`);
    case 'refused':
      if (!isOnline(ctx)) return could('you are offline. Connect to the internet and try again.');
      return could(`couldn't reach ${where}.`);
    case 'unknown':
      return ctx.fallback ?? 'Something went wrong in arXiv Neighbors. Try again; reloading the page can help.';
  }
}

/** The host of a URL, for messages ("huggingface.co"); null when it is not one. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

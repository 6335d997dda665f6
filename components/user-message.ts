import { plainMessage } from '@/utils/shared/plain-errors';

/** What a failed action says to the reader: the one mapping's words (utils/shared/plain-errors.ts), never a raw message. */
export function userMessage(e: unknown): string {
  return plainMessage(e, { fallback: 'Something went wrong. Try again.' });
}

/** How much of the reading list one message carries (kept apart so the protocol imports only numbers). */

/** Most ids one page of a list carries (≤ 64 characters each: about 1.3 MB at most). */
export const MAX_IDS_PER_PAGE = 20_000;
/** Most entries one window carries. */
export const MAX_ENTRIES_PER_WINDOW = 500;
/** Most ids one deletion or export message carries; larger sets travel in parts. */
export const MAX_IDS_PER_MESSAGE = 10_000;
/** An export part stops growing past this many characters (well under the 64 MiB a message may hold). */
export const EXPORT_PART_CHARS = 4_000_000;
/** An import part the page sends stops growing past this many characters of JSON. */
export const IMPORT_PART_CHARS = 4_000_000;
export const IMPORT_PART_ENTRIES = 2000;
/** "Not relevant" marks per import message. */
export const MAX_DISMISSALS_PER_MESSAGE = 10_000;

/** storage.local key bumped after every reading-list change; pages listen to it to refresh. */
export const LIBRARY_REVISION_KEY = 'libraryRevision';

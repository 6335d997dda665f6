/** The context-menu item and the keyboard command that save papers, as plain functions of their inputs. */
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import { arxivMatches, idFromPaperHref } from '../../shared/arxiv/ids';

export const CONTEXT_MENU_ID = 'save-linked-paper';
export const SAVE_COMMAND = 'save-current-paper';
/** Links the context-menu item appears on. */
export const ABS_LINK_PATTERNS = arxivMatches('/abs/*');

export interface SaveHandlerDeps {
  save(paper: PaperMeta | { id: string }): Promise<unknown>;
  /** Asks the content script of a tab for the paper it shows (null when there is none or no script). */
  pagePaper(tabId: number): Promise<PaperMeta | null>;
  activeTab(): Promise<{ id?: number; url?: string } | undefined>;
}

export function createSaveHandlers(deps: SaveHandlerDeps) {
  return {
    /** "Save to reading list" on a link to an abstract page. Resolves true when something was saved. */
    async onContextMenuClick(info: { menuItemId: string | number; linkUrl?: string }): Promise<boolean> {
      if (info.menuItemId !== CONTEXT_MENU_ID) return false;
      const id = idFromPaperHref(info.linkUrl);
      if (!id) return false;
      await deps.save({ id });
      return true;
    },

    /** The "save current paper" command: the page's metadata when its content script answers, else the URL's id. */
    async onCommand(command: string, tab?: { id?: number; url?: string }): Promise<boolean> {
      if (command !== SAVE_COMMAND) return false;
      const target = tab?.id !== undefined ? tab : await deps.activeTab();
      if (target?.id === undefined) return false;
      const paper = await deps.pagePaper(target.id).catch(() => null);
      if (paper) {
        await deps.save(paper);
        return true;
      }
      const id = idFromPaperHref(target.url);
      if (!id) return false;
      await deps.save({ id });
      return true;
    },
  };
}

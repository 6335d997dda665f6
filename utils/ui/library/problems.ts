/** The problems a file import reports: the first MAX_ERRORS kept, the rest counted ("… and N more problems"). */

/** Problems listed at most; the rest are counted. */
export const MAX_ERRORS = 50;

/** A list of problems that keeps the first MAX_ERRORS and counts the rest. */
export class Problems {
  readonly items: string[] = [];
  private extra = 0;
  /** True while another message would be kept (callers skip building messages otherwise). */
  get room(): boolean {
    return this.items.length < MAX_ERRORS;
  }
  get count(): number {
    return this.items.length + this.extra;
  }
  add(message: string | (() => string)): void {
    if (this.room) this.items.push(typeof message === 'string' ? message : message());
    else this.extra++;
  }
  list(): string[] {
    return this.extra ? [...this.items, `… and ${this.extra.toLocaleString('en-US')} more ${this.extra === 1 ? 'problem' : 'problems'}`] : [...this.items];
  }
}

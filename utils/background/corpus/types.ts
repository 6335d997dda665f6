/** A paper of the shipped seed corpus. */
export interface CorpusPaper {
  /** arXiv id without version, e.g. "2205.13147". */
  id: string;
  title: string;
  abstract: string;
  /** First author when the source knew it. */
  firstAuthor: string | null;
  /** "YYYY-MM" of the first version. */
  yearMonth: string;
}

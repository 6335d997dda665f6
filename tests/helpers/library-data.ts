/** Generated reading lists for the scale tests and the bench (issue 12). */
import { seededRandom } from '../../scripts/rng';

const WORDS = 'learning model data network graph neural training sparse attention vision language robust causal kernel bayesian optimisation retrieval diffusion quantization transformer policy reward'.split(' ');

/** A realistic backup: ~500 bytes an entry (titles, 4 authors, a short abstract), 300 distinct tags, some notes. */
export function generatedBackup(size: number, seed = 12): string {
  const rnd = seededRandom(seed);
  const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const sentence = (k: number) => Array.from({ length: k }, pick).join(' ');
  const entries = Array.from({ length: size }, (_, i) => {
    const month = String(1 + (i % 12)).padStart(2, '0');
    // Unique for up to 1,080,000 entries: 90,000 five-digit numbers per month of 2023.
    const id = `23${month}.${10000 + Math.floor(i / 12)}`;
    const t = 1_600_000_000_000 + i * 60_000;
    return {
      id,
      addedAt: t,
      updatedAt: t,
      status: (['to-read', 'reading', 'read'] as const)[i % 3],
      tags: Array.from({ length: 1 + (i % 3) }, (_, k) => `tag-${(i * 7 + k * 13) % 300}`).filter((x, k, a) => a.indexOf(x) === k),
      note: i % 10 === 0 ? `Note ${i}: ${sentence(20)}` : '',
      paper: { title: `${sentence(8)} ${i}`, authors: ['A. Author', 'B. Writer', 'C. Scholar', `D. Person${i}`], abstract: sentence(45), yearMonth: `20${id.slice(0, 2)}-${month}`, primarySubject: 'cs.LG', version: 1 },
    };
  });
  return JSON.stringify({ format: 'arxiv-neighbors-library', version: 1, exportedAt: new Date(0).toISOString(), entries }, null, 2);
}


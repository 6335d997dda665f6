/** A toggle button for "in the reading list"; announces its state with aria-pressed. */
export function SaveToggle({ saved, busy, label, text, onToggle }: { saved: boolean; busy?: boolean; label: string; text?: string; onToggle: () => void }) {
  return (
    <button
      type="button"
      class={`an-save${saved ? ' an-saved' : ''}`}
      aria-pressed={saved}
      // The accessible name starts with the visible words (speech users say what they see), then names the paper.
      aria-label={`${(text ?? (saved ? 'Saved' : 'Save')).replace(/^[☆★]\s*/, '')}: ${label}`}
      title={saved ? 'In your reading list (click to remove)' : 'Save to your reading list'}
      disabled={busy}
      onClick={onToggle}
    >
      {text ?? (saved ? '★ Saved' : '☆ Save')}
    </button>
  );
}

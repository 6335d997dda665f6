import { useState } from 'preact/hooks';

/**
 * Tags as removable chips plus an input that autocompletes from the tags already in use: `listId` names
 * the page's one <datalist> of them (one list for every card, not a copy per card).
 */
export function TagEditor({ tags, listId, onChange }: { tags: string[]; listId: string; onChange: (tags: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const parts = draft.split(',').map((t) => t.trim()).filter(Boolean);
    if (parts.length) onChange([...tags, ...parts]);
    setDraft('');
  };
  return (
    <div class="tags">
      {tags.map((t) => (
        <span class="tag" key={t}>
          {t}
          <button type="button" class="tag-remove" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
            ×
          </button>
        </span>
      ))}
      <input
        class="tag-input"
        list={listId}
        aria-label="Add a tag"
        placeholder="add tag"
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && !draft && tags.length) onChange(tags.slice(0, -1));
        }}
        onBlur={() => draft.trim() && add()}
      />
    </div>
  );
}

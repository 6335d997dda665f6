import type { ComponentChildren } from 'preact';

/** A failure in words (already mapped by plainMessage), announced to screen readers; nothing when there is none. */
export function ErrorLine({ text, children }: { text: string | null | undefined; children?: ComponentChildren }) {
  if (!text) return null;
  return (
    <p class="error" role="alert">
      {text}
      {children}
    </p>
  );
}

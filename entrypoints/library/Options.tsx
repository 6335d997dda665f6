import { ErrorLine } from '@/components/ErrorLine';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ARCHIVE_GROUPS, DEFAULT_DISPLAY, isShown, loadDisplay, setShown, SURFACES, updateDisplay, type DisplaySettings, type Surface } from '@/utils/shared/display';
import { ModelSettings } from './ModelSettings';

const SURFACE_LABEL: Record<Surface, string> = {
  panel: 'Related papers beside a paper',
  badges: 'Badges on listings and search',
  triage: 'Triage on listings',
};

/** Panel, badges and Triage on or off per arXiv subject group; a change applies to pages opened next. */
function WhereToShow() {
  const [display, setDisplay] = useState<DisplaySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void loadDisplay().then(setDisplay, () => setDisplay(DEFAULT_DISPLAY));
  }, []);

  async function change(surface: Surface, group: (typeof ARCHIVE_GROUPS)[number]['id'], shown: boolean) {
    setError(null);
    try {
      setDisplay(await updateDisplay((d) => setShown(d, surface, group, shown)));
    } catch {
      setError('The change could not be saved. Try again.');
    }
  }

  return (
    <section class="options-block" aria-labelledby="where-heading">
      <h3 id="where-heading">Where to show arXiv Neighbors</h3>
      <p class="muted">Everything is on for every field unless you turn it off here. Changes apply to arXiv pages you open or reload next.</p>
      <table class="where">
        <thead>
          <tr>
            <th scope="col">Field</th>
            {SURFACES.map((s) => (
              <th key={s} scope="col">
                {SURFACE_LABEL[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ARCHIVE_GROUPS.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.label}</th>
              {SURFACES.map((s) => (
                <td key={s}>
                  <input
                    type="checkbox"
                    disabled={!display}
                    checked={display ? isShown(display, s, g.id) : true}
                    aria-label={`${SURFACE_LABEL[s]}: ${g.label}`}
                    onChange={(e) => void change(s, g.id, e.currentTarget.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {display?.collapsed && (
        <p class="muted">
          The panel is collapsed on arXiv pages (open it there with “Show”, or{' '}
          <button type="button" class="link-button" onClick={() => void updateDisplay((d) => ({ ...d, collapsed: false })).then(setDisplay)}>
            open it everywhere now
          </button>
          ).
        </p>
      )}
      <ErrorLine text={error} />
    </section>
  );
}

/** Where the listed papers come from and how they are ranked, in a reader's words. */
export function HowItWorks() {
  return (
    <section class="options-block how" aria-labelledby="how-heading">
      <h3 id="how-heading">How this works</h3>
      <p>
        arXiv Neighbors lists related papers from a fixed collection: <strong>70 machine-learning papers that come with the extension</strong> (a Hugging Face
        papers page), plus <strong>every paper you save</strong>. It does not search all of arXiv, so on papers far from that collection it often shows nothing —
        that is on purpose: it would rather say “no closely related papers” than list noise.
      </p>
      <p>
        Papers are compared twice, both times on your device. First by the distinctive words and phrases two papers share (common words and field jargon such as
        “neural network” do not count); the panel shows these as “Shared: …”. Then, once it has downloaded (once, 23 MB for the default model), a small language model reads the
        papers and recognises papers on the same topic that use different words (“Similar topic”). How much the model’s opinion counts is measured on your own
        collection, not assumed.
      </p>
      <p>
        “Very close”, “Related” and “Loosely related” say how a pair compares with the other pairs of papers in the collection; hover over or focus the bar to see
        the number. “Not relevant” hides a paper next to that one paper only; your reading list’s JSON backup keeps these choices.
      </p>
      <p>
        Nothing you read, save or search leaves your browser. The extension only downloads the model (from Hugging Face or the mirror you set below) and, on a tab
        showing a PDF, that paper’s arXiv abstract page.
      </p>
    </section>
  );
}

/** The library page's options: the explanation, where to show the extension, and the model. */
export function Options() {
  const ref = useRef<HTMLDetailsElement>(null);
  // Opened from a panel's "How this works": open the options at the explanation.
  useEffect(() => {
    const open = () => {
      if (location.hash !== '#how' || !ref.current) return;
      ref.current.open = true;
      ref.current.querySelector('#how-heading')?.scrollIntoView();
    };
    open();
    window.addEventListener('hashchange', open);
    return () => window.removeEventListener('hashchange', open);
  }, []);
  return (
    <>
      <details class="settings" id="how" ref={ref}>
        <summary>How this works and where it shows</summary>
        <HowItWorks />
        <WhereToShow />
      </details>
      <ModelSettings />
    </>
  );
}

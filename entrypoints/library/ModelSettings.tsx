import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, loadSettings, normalizeModelHost, saveModelHost } from '@/utils/settings';

/** Where the embedding model is downloaded from: the Hugging Face hub, or a mirror readers behind firewalls use. */
export function ModelSettings() {
  const [host, setHost] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void loadSettings().then((s) => {
      setHost(s.modelHost);
      setSaved(s.modelHost);
    });
  }, []);

  async function save(value: string) {
    const result = normalizeModelHost(value);
    if ('error' in result) return setMessage({ text: result.error, error: true });
    try {
      await saveModelHost(result.host);
      setHost(result.host);
      setSaved(result.host);
      setMessage({ text: 'Saved. The model is fetched from there the next time it is needed.', error: false });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  }

  return (
    <details class="settings">
      <summary>Model source</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(host);
        }}
      >
        <label for="model-host">Download the embedding model from</label>
        <div class="settings-row">
          <input id="model-host" type="url" value={host} onInput={(e) => setHost(e.currentTarget.value)} spellcheck={false} />
          <button type="submit" disabled={host === saved}>
            Save
          </button>
          <button type="button" onClick={() => void save(DEFAULT_SETTINGS.modelHost)} disabled={saved === DEFAULT_SETTINGS.modelHost}>
            Use Hugging Face
          </button>
        </div>
        <p class="muted">The address must serve the hub’s layout ({'{model}'}/resolve/main/{'{file}'}). Only the model is downloaded; nothing is sent.</p>
        {message && (
          <p class={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
    </details>
  );
}

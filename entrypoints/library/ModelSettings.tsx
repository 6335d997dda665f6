import { ErrorLine } from '@/components/ErrorLine';
import { userMessage } from '@/components/user-message';
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, loadSettings, normalizeModelHost, saveModelHost } from '@/utils/shared/settings';
import type { EmbedderState } from '@/utils/shared/related-types';
import type { ModelStatus } from '@/utils/background/related/model-manager';
import { sendToBackground } from '@/utils/shared/messages/client';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** One line on a model's state, for the options page. */
export function describeModelState(state: EmbedderState, done: number, total: number): string {
  if (state.phase === 'error') return state.message;
  if (state.phase === 'downloading' && state.total > 0) return `downloading ${mb(state.loaded)} of ${mb(state.total)} MB (${Math.floor((state.loaded / state.total) * 100)}%)`;
  if (state.phase === 'downloading') return 'starting the download…';
  if (total > 0 && done < total) return `reading the papers: ${done} of ${total}`;
  return state.phase === 'ready' ? 'ready' : 'loads when first needed';
}

/**
 * Which on-device model ranks. Choosing another one has it read the papers in the background; the
 * current model keeps answering until the new one is complete.
 */
function ModelChoice() {
  const [status, setStatus] = useState<ModelStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const switching = status?.switching ?? null;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await sendToBackground('getModelStatus', {});
        if (!live) return;
        setStatus(s);
        // While a switch runs, its progress is worth a look every second.
        if (s.switching && !s.switching.error) timer = setTimeout(() => void poll(), 1000);
      } catch (e) {
        if (live) setError(userMessage(e));
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [switching?.modelId]);

  async function choose(modelId: string) {
    setError(null);
    try {
      setStatus(await sendToBackground('chooseModel', { modelId }));
    } catch (e) {
      setError(userMessage(e));
    }
  }

  const chosen = switching?.modelId ?? status?.active.modelId;
  return (
    <fieldset class="model-choice" disabled={!status}>
      <legend>On-device model</legend>
      {status?.choices.map(({ modelId, label, downloadMb }) => (
        <label key={modelId} class="model-option">
          <input type="radio" name="model" value={modelId} checked={chosen === modelId} onChange={() => void choose(modelId)} />
          <span>{label}</span>
          <span class="muted"> · {downloadMb} MB download</span>
        </label>
      ))}
      {status && (
        <p class="muted" role="status" id="model-status">
          In use: {status.active.label} — {describeModelState(status.active.state, 0, 0)}.
          {switching && !switching.error && ` Switching to ${switching.label}: ${describeModelState(switching.state, switching.done, switching.total)}; results keep using the current model until then.`}
        </p>
      )}
      {switching?.error && (
        <p class="error" role="alert">
          Switching to {switching.label} failed: {switching.state.phase === 'error' ? switching.state.message : switching.error}{' '}
          <button type="button" onClick={() => void sendToBackground('retryModel', {}).then(() => sendToBackground('getModelStatus', {})).then(setStatus)}>
            Try again
          </button>
        </p>
      )}
      <ErrorLine text={error} />
    </fieldset>
  );
}

/** The model settings: which model, and where it is downloaded from (the hub, or a mirror readers behind firewalls use). */
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
      setMessage({ text: userMessage(e), error: true });
    }
  }

  return (
    <details class="settings" id="model-settings">
      <summary>On-device model</summary>
      <ModelChoice />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(host);
        }}
      >
        <label for="model-host">Download the model from</label>
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

/**
 * Which model ranks, and switching models without a gap: the *active* model (its corpus fully embedded)
 * keeps answering while a newly *chosen* one embeds the corpus in the background; only when that is
 * complete does the chosen model become active and the old model's vectors are deleted.
 */
import { plainMessage } from '../../shared/plain-errors';
import type { EmbedderState } from '../../model/types';
import { MODEL_CHOICES, modelInfo } from '../../shared/models';
import type { RelatedService } from './service';
import type { LibraryChange } from '../../shared/library/types';

/** One model with its embedder state and related service. */
export interface ModelSlot {
  modelId: string;
  host: string;
  service: RelatedService;
  state(): EmbedderState;
  /** Forgets a failed load (the next request tries again). */
  reset(): void;
  onProgress(loaded: number, total: number): void;
}

export interface ModelStatus {
  active: { modelId: string; label: string; state: EmbedderState };
  /** The chosen model while it is being prepared; null when it is the active one. */
  switching: { modelId: string; label: string; state: EmbedderState; done: number; total: number; error: string | null } | null;
  /** The models a reader can pick, default first. */
  choices: { modelId: string; label: string; downloadMb: number }[];
}

export interface ModelManagerDeps {
  /** The reader's choice of model and host (settings). */
  chosen(): Promise<{ modelId: string; host: string }>;
  /** The model whose vectors are complete, as last stored; undefined on a fresh install. */
  loadActive(): Promise<string | undefined>;
  saveActive(modelId: string): Promise<void>;
  makeSlot(modelId: string, host: string): ModelSlot;
  /** Frees the vectors of a model no longer used. */
  dropVectors(modelId: string): Promise<void>;
  /** The active model changed: open views should ask again. */
  onSwitched(): void;
}

export interface ModelManager {
  /** The related service of the active model; starts preparing the chosen model when it differs. */
  service(): Promise<RelatedService>;
  status(): Promise<ModelStatus>;
  /** Routes download progress to the slot of `modelId`. */
  progress(modelId: string, loaded: number, total: number): void;
  /** The reading list changed: every model's service re-reads which papers it indexes. */
  invalidate(change?: LibraryChange): void;
  /** Retries failed loads: the active model's and a failed switch. */
  retry(): Promise<void>;
}

export function createModelManager(deps: ModelManagerDeps): ModelManager {
  let active: ModelSlot | null = null;
  let next: { slot: ModelSlot; error: string | null } | null = null;

  function prepare(slot: ModelSlot) {
    const entry = { slot, error: null as string | null };
    void slot.service
      .indexCorpus()
      .then(async () => {
        if (next !== entry) return;
        await deps.saveActive(slot.modelId);
        const old = active;
        active = slot;
        next = null;
        deps.onSwitched();
        if (old && old.modelId !== slot.modelId) await deps.dropVectors(old.modelId).catch(() => undefined);
      })
      .catch((e: unknown) => {
        // Shown on the options page ("Switching to … failed: …"): in words, never the raw text.
        entry.error = plainMessage(e);
      });
    next = entry;
  }

  async function resolve(): Promise<ModelSlot> {
    const { modelId: chosen, host } = await deps.chosen();
    let activeId = await deps.loadActive();
    if (activeId === undefined) {
      // Fresh install: nothing to keep, the choice is active from the start.
      activeId = chosen;
      await deps.saveActive(chosen);
    }
    if (!active || active.modelId !== activeId || active.host !== host) active = deps.makeSlot(activeId, host);
    if (chosen === activeId) next = null;
    else if (!next || next.slot.modelId !== chosen || next.slot.host !== host) prepare(deps.makeSlot(chosen, host));
    return active;
  }

  return {
    async service() {
      return (await resolve()).service;
    },
    async status() {
      const slot = await resolve();
      let switching: ModelStatus['switching'] = null;
      if (next) {
        const progress = await next.slot.service.progress().catch(() => ({ done: 0, total: 0 }));
        const { modelId } = next.slot;
        switching = { modelId, label: modelInfo(modelId).label, state: next.slot.state(), done: progress.done, total: progress.total, error: next.error };
      }
      const choices = MODEL_CHOICES.map((id) => ({ modelId: id, label: modelInfo(id).label, downloadMb: modelInfo(id).downloadMb }));
      return { active: { modelId: slot.modelId, label: modelInfo(slot.modelId).label, state: slot.state() }, switching, choices };
    },
    progress(modelId, loaded, total) {
      for (const slot of [active, next?.slot]) if (slot?.modelId === modelId) slot.onProgress(loaded, total);
    },
    invalidate(change) {
      active?.service.invalidate(change);
      next?.slot.service.invalidate(change);
    },
    async retry() {
      await resolve();
      active?.reset();
      if (next?.error) {
        next.slot.reset();
        prepare(next.slot);
      }
    },
  };
}

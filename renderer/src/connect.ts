import type { LogLine } from '../../contract';
import type { Bridge } from './bridge';
import type { AppStore } from './store';

/** How long log lines are collected before they reach the store: one render per batch. */
export const LOG_FLUSH_MS = 100;
/** Lines waiting for a flush are capped too, so a hidden window cannot grow without bound. */
const PENDING_CAP = 20_000;

/**
 * The one place that listens to the preload's events and turns them into store actions. Live
 * state comes from these pushes only; the renderer never polls.
 */
export function connectBridge(api: Bridge, store: AppStore): () => void {
  const state = () => store.getState();
  const ignore = () => undefined;
  void api.listTunnels().then((list) => state().setTunnels(list), ignore);
  void api.listProfiles().then((list) => state().setProfiles(list), ignore);
  void api.getSettings().then((s) => state().setSettings(s), ignore);
  void api.listKeys().then(
    (keys) => state().setKeys(keys),
    (error: unknown) => state().setKeysError(error instanceof Error ? error.message : 'internal'),
  );
  void api.appPaths().then((paths) => state().setPaths(paths), ignore);

  let pending: LogLine[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    state().appendLogs(batch);
  };

  const unsubscribes = [
    api.onTunnelsChanged((list) => state().setTunnels(list)),
    api.onOpenTroubleshooting((id) => state().openTroubleshoot(id)),
    api.onLogLine((line) => {
      pending.push(line);
      if (pending.length > PENDING_CAP) pending = pending.slice(pending.length - PENDING_CAP);
      timer ??= setTimeout(flush, LOG_FLUSH_MS);
    }),
    api.onSettingsChanged((s) => state().setSettings(s)),
    api.onHostKeyPrompt((prompt) => state().setHostKeyPrompt(prompt)),
    api.onOpenKeys(() => state().showKeys()),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
  };
}

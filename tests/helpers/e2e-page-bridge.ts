import type { Page } from 'playwright-core';
import type { Api } from '../../contract';

/**
 * The test bridge: in the page, a `window.tunnelkeeper` with every method of the Api, as the
 * preload has, each a thin client over Playwright's `exposeFunction` (the CSP forbids any
 * network channel: `connect-src 'none'`); a method the Node side does not implement answers
 * `unavailable`. Events travel the other way with `page.evaluate`.
 */
export type Handler = (...args: never[]) => unknown;
export type Handlers = Record<string, Handler>;

export const METHOD_NAMES = [
  'appInfo',
  'openExternal',
  'appPaths',
  'chooseFile',
  'listTunnels',
  'startTunnel',
  'stopTunnel',
  'answerHostKey',
  'tailLog',
  'getSettings',
  'setSettings',
  'listProfiles',
  'saveProfile',
  'deleteProfile',
  'listKeys',
  'convertKey',
  'generateKey',
  'inspectKey',
  'checkPublicKey',
  'unlockKey',
  'lockKey',
  'previewImport',
  'storeSecret',
  'deleteSecret',
  'runDiagnostics',
  'exportDiagnostics',
  'exportLog',
  'bootStatus',
  'setBoot',
  'availability',
  'presentedHostKey',
  'migrationRunners',
  'disableRunner',
  'puttySessions',
  'puttyHostKey',
  'pageantKeys',
] as const satisfies readonly (keyof Api)[];

export const EVENT_NAMES = [
  'onTunnelsChanged',
  'onOpenTroubleshooting',
  'onLogLine',
  'onSettingsChanged',
  'onHostKeyPrompt',
  'onOpenKeys',
  'onDiagnosticsStep',
] as const satisfies readonly (keyof Api)[];
export type EventName = (typeof EVENT_NAMES)[number];

/** `pathForFile` is synchronous: a page served over http has no paths for dropped files. */
type Listed = (typeof METHOD_NAMES)[number] | EventName | 'pathForFile';
/** Fails to compile when the Api gains a method the lists above do not name. */
export const LISTS_COVER_THE_API: Exclude<keyof Api, Listed> extends never ? true : never = true;

/** Errors cross as codes, as the real preload rethrows them. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[a-z-]+$/.test(code)) return code;
  const message = error instanceof Error ? error.message : '';
  return /^[a-z-]+$/.test(message) ? message : 'internal';
}

interface Spec {
  methods: string[];
  events: readonly string[];
}

/** Runs in the page before the app's scripts (stringified by Playwright: self-contained). */
function client(spec: Spec): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const api: Record<string, unknown> = {};
  const w = window as unknown as {
    __tkCall(name: string, args: string): Promise<{ ok?: unknown; error?: string }>;
    __tkEmit(name: string, payloads: unknown[]): void;
    tunnelkeeper: unknown;
  };
  for (const name of spec.methods)
    api[name] = async (...args: unknown[]) => {
      const answer = await w.__tkCall(name, JSON.stringify(args));
      if (answer.error) throw new Error(answer.error);
      return answer.ok;
    };
  for (const name of spec.events)
    api[name] = (listener: Listener) => {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  api.pathForFile = () => '';
  w.tunnelkeeper = api;
  w.__tkEmit = (name, payloads) => {
    for (const payload of payloads)
      for (const listener of listeners.get(name) ?? []) listener(payload);
  };
}

export class PageBridge {
  private readonly pages = new Set<Page>();
  /** Calls the page made, in order (for assertions such as "no polling"). */
  readonly calls: string[] = [];

  constructor(private readonly handlers: Handlers) {}

  async attach(page: Page): Promise<void> {
    await page.exposeFunction('__tkCall', async (name: string, argsJson: string) => {
      this.calls.push(name);
      const handler = this.handlers[name];
      if (!handler) return { error: 'unavailable' };
      try {
        const args = JSON.parse(argsJson) as unknown[];
        return { ok: await (handler as (...a: unknown[]) => unknown)(...args) };
      } catch (error) {
        return { error: codeOf(error) };
      }
    });
    await page.addInitScript(client, { methods: [...METHOD_NAMES], events: EVENT_NAMES });
    this.pages.add(page);
    page.on('close', () => this.pages.delete(page));
  }

  /** Pushes payloads to every open page's listeners of `event`. */
  async emit(event: EventName, ...payloads: unknown[]): Promise<void> {
    await Promise.all(
      [...this.pages].map((page) =>
        page
          .evaluate(
            ([name, list]) =>
              (window as unknown as { __tkEmit(n: string, p: unknown[]): void }).__tkEmit(
                name,
                list,
              ),
            [event, payloads] as const,
          )
          .catch(() => undefined),
      ),
    );
  }
}

import { z } from 'zod';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../contract';
import type { LoginItem } from './login-item';
import type { ConfigRepository } from './ports';

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  startAtLogin: false,
  notifications: true,
  theme: 'system',
};

/**
 * The app's settings live next to the profiles, under `app` in the same config document (the
 * document is loose for exactly this; the CLI keeps the key when it saves). A section a newer
 * or hand-edited file got wrong falls back to defaults field by field instead of failing.
 */
const AppSectionSchema = z.object({
  language: SettingsSchema.shape.language.catch('system'),
  notifications: SettingsSchema.shape.notifications.catch(true),
  theme: SettingsSchema.shape.theme.catch('system'),
  startAtLogin: SettingsSchema.shape.startAtLogin.catch(false),
  /** The "still running in the tray" notification was shown once. */
  trayHintShown: z.boolean().catch(false),
});
type AppSection = z.infer<typeof AppSectionSchema>;

function appSection(document: Record<string, unknown>): AppSection {
  const raw = document.app;
  return AppSectionSchema.parse(raw && typeof raw === 'object' ? raw : {});
}

export interface SettingsService {
  get(): Promise<Settings>;
  set(patch: SettingsPatch): Promise<Settings>;
  /** The last known settings, for the tray and notifications (no I/O). */
  current(): Settings;
  /** Re-reads after the config file changed. */
  refresh(): Promise<Settings>;
  trayHintShown(): boolean;
  markTrayHintShown(): void;
  on(listener: (settings: Settings) => void): () => void;
}

export function createSettingsService(config: ConfigRepository, loginItem: LoginItem) {
  let current: Settings = { ...DEFAULT_SETTINGS };
  const listeners = new Set<(settings: Settings) => void>();

  function writeSection(update: Partial<AppSection>): void {
    const document = config.read();
    config.write({ ...document, app: { ...appSection(document), ...update } });
  }

  async function get(): Promise<Settings> {
    const { language, notifications, theme } = appSection(config.read());
    // The OS is the truth for start at login: the user may have turned it off in Task Manager.
    const startAtLogin = await loginItem.isEnabled();
    current = { language, notifications, theme, startAtLogin };
    return current;
  }

  const service: SettingsService = {
    get,
    async set(patch) {
      if (patch.startAtLogin !== undefined) await loginItem.setEnabled(patch.startAtLogin);
      writeSection(patch);
      const settings = await get();
      for (const listener of listeners) listener(settings);
      return settings;
    },
    current: () => current,
    async refresh() {
      const before = JSON.stringify(current);
      const settings = await get();
      if (JSON.stringify(settings) !== before) for (const listener of listeners) listener(settings);
      return settings;
    },
    trayHintShown: () => {
      try {
        return appSection(config.read()).trayHintShown;
      } catch {
        return false;
      }
    },
    markTrayHintShown: () => writeSection({ trayHintShown: true }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return service;
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge';
import { connectBridge } from './connect';
import { effectiveLanguage, initI18n } from './i18n';
import { useAppStore } from './store';

async function start(): Promise<void> {
  const api = bridge();
  const info = await api.appInfo();
  useAppStore.getState().setAppInfo(info);
  const i18n = initI18n(info.locale);
  // Settings decide the language before the first paint when they answer quickly.
  const settings = await api.getSettings().catch(() => null);
  if (settings) {
    useAppStore.getState().setSettings(settings);
    await i18n.changeLanguage(effectiveLanguage(settings.language, info.locale));
  }
  document.documentElement.lang = i18n.language;
  connectBridge(api, useAppStore);
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();

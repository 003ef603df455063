import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge';
import { initI18n } from './i18n';

async function start(): Promise<void> {
  const info = await bridge().appInfo();
  document.documentElement.lang = initI18n(info.locale).language;
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App version={info.version} />
    </StrictMode>,
  );
}

void start();

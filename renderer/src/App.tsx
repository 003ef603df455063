import { Caption1, FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TunnelSummary } from '../../preload/contract';
import { bridge } from './bridge';
import { TunnelList } from './components/TunnelList';
import { usePrefersDark } from './usePrefersDark';

export function App({ version }: { version: string }) {
  const { t } = useTranslation();
  const dark = usePrefersDark();
  const [tunnels, setTunnels] = useState<TunnelSummary[]>([]);

  useEffect(() => {
    let live = true;
    void bridge()
      .listTunnels()
      .then((list) => live && setTunnels(list));
    const unsubscribe = bridge().onTunnelsChanged(setTunnels);
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ minHeight: '100vh' }}>
      <main style={{ padding: 24 }}>
        <TunnelList tunnels={tunnels} />
        <footer>
          <Caption1>{t('footer.version', { version })}</Caption1>
        </footer>
      </main>
    </FluentProvider>
  );
}

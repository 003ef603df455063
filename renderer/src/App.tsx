import {
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  Tab,
  TabList,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HostKeyDialog } from './components/HostKeyDialog';
import { ImportDialog } from './components/form/ImportDialog';
import { TunnelFormDialog } from './components/form/TunnelForm';
import { KeysView } from './components/keys/KeysView';
import { KeyWizardDialog } from './components/keys/KeyWizard';
import { LogsView } from './components/logs/LogsView';
import { SettingsView } from './components/settings/SettingsView';
import { SetupAssistant } from './components/setup/SetupAssistant';
import { TroubleshootPanel } from './components/troubleshoot/TroubleshootPanel';
import { TunnelsView } from './components/tunnels/TunnelsView';
import { effectiveLanguage } from './i18n';
import { useAppStore } from './store';
import type { View } from './store/ui';
import { usePrefersDark } from './usePrefersDark';

const VIEWS: View[] = ['tunnels', 'logs', 'keys', 'settings'];

const useGlobalStyles = makeStaticStyles('html, body { margin: 0; padding: 0; }');

const useStyles = makeStyles({
  shell: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  nav: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '4px 16px',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  main: { padding: '20px 24px', flexGrow: 1 },
});

/** Applies the language setting live (and the page's `lang`, which screen readers use). */
function useLanguage(): void {
  const { i18n } = useTranslation();
  const choice = useAppStore((s) => s.settings.language);
  const locale = useAppStore((s) => s.appInfo?.locale ?? 'en');
  useEffect(() => {
    const language = effectiveLanguage(choice, locale);
    document.documentElement.lang = language;
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [choice, locale, i18n]);
}

export function App() {
  const { t } = useTranslation();
  useGlobalStyles();
  const styles = useStyles();
  const prefersDark = usePrefersDark();
  const theme = useAppStore((s) => s.settings.theme);
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  useLanguage();
  const dark = theme === 'system' ? prefersDark : theme === 'dark';

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} className={styles.shell}>
      <nav className={styles.nav} aria-label={t('nav.label')}>
        <TabList selectedValue={view} onTabSelect={(_, d) => setView(d.value as View)}>
          {VIEWS.map((v) => (
            <Tab key={v} value={v}>
              {t(`nav.${v}`)}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main}>
        {view === 'tunnels' && <TunnelsView />}
        {view === 'logs' && <LogsView />}
        {view === 'keys' && <KeysView />}
        {view === 'settings' && <SettingsView />}
      </main>
      <TroubleshootPanel />
      <TunnelFormDialog />
      <ImportDialog />
      <KeyWizardDialog />
      <HostKeyDialog />
      <SetupAssistant />
    </FluentProvider>
  );
}

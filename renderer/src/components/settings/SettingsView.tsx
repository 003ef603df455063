import {
  Body1,
  Caption1,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Switch,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../contract';
import { changeSettings } from '../../actions';
import { useAppStore } from '../../store';
import { BootServiceSetting } from './BootServiceSetting';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '640px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export function SettingsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const settings = useAppStore((s) => s.settings);
  const paths = useAppStore((s) => s.paths);
  const version = useAppStore((s) => s.appInfo?.version ?? '');

  return (
    <section className={styles.root} aria-labelledby="settings-heading">
      <Title3 id="settings-heading" as="h1">
        {t('settings.heading')}
      </Title3>
      <Field label={t('settings.language')}>
        <RadioGroup
          layout="horizontal"
          value={settings.language}
          onChange={(_, d) => void changeSettings({ language: d.value as Settings['language'] })}
        >
          <Radio value="system" label={t('settings.system')} />
          {/* Each language names itself, so it can be found whatever the current one is. */}
          <Radio value="ja" label="日本語" />
          <Radio value="en" label="English" />
        </RadioGroup>
      </Field>
      <Field label={t('settings.theme')}>
        <RadioGroup
          layout="horizontal"
          value={settings.theme}
          onChange={(_, d) => void changeSettings({ theme: d.value as Settings['theme'] })}
        >
          <Radio value="system" label={t('settings.system')} />
          <Radio value="light" label={t('settings.light')} />
          <Radio value="dark" label={t('settings.dark')} />
        </RadioGroup>
      </Field>
      <Switch
        label={t('settings.startAtLogin')}
        checked={settings.startAtLogin}
        onChange={(_, d) => void changeSettings({ startAtLogin: d.checked })}
      />
      <BootServiceSetting />
      <Switch
        label={t('settings.notifications')}
        checked={settings.notifications}
        onChange={(_, d) => void changeSettings({ notifications: d.checked })}
      />
      <Field label={t('settings.where')}>
        {paths ? (
          <>
            <Caption1>
              {t('settings.config')} <span className={styles.mono}>{paths.config}</span>
            </Caption1>
            <Caption1>
              {t('settings.logs')} <span className={styles.mono}>{paths.logs}</span>
            </Caption1>
          </>
        ) : (
          <Caption1>{t('settings.pathsUnavailable')}</Caption1>
        )}
      </Field>
      <Body1>{t('footer.version', { version })}</Body1>
    </section>
  );
}

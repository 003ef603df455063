import {
  Caption1,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { MigrationRunnerView } from '../../../../contract';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: '8px' },
  command: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', display: 'block' },
});

/**
 * PuTTY's way of running this tunnel, found on this machine (a plink scheduled task, a Startup
 * shortcut or batch file). The provider's rule is one tunnel per proxy, so each one still
 * enabled is offered for disabling — ticked by default — when Tunnelkeeper takes over.
 */
export function RunnersFound({
  runners,
  chosen,
  onChange,
}: {
  runners: readonly MigrationRunnerView[];
  chosen: ReadonlySet<string>;
  onChange(location: string, disable: boolean): void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const enabled = runners.filter((r) => r.enabled);
  const kept = enabled.filter((r) => !chosen.has(r.location));
  if (runners.length === 0) return null;
  return (
    <MessageBar intent={kept.length > 0 ? 'error' : 'warning'} data-testid="setup-runners">
      <MessageBarBody>
        <MessageBarTitle>{t('setup.runners.title', { count: enabled.length })}</MessageBarTitle>
        <ul className={styles.list}>
          {runners.map((r) => (
            <li key={r.location} data-testid="setup-runner">
              <Checkbox
                disabled={!r.enabled}
                checked={r.enabled ? chosen.has(r.location) : false}
                onChange={(_, d) => onChange(r.location, d.checked === true)}
                label={t(r.enabled ? 'setup.runners.disable' : 'setup.runners.alreadyOff', {
                  kind: t(`setup.runners.kinds.${r.kind}`),
                  name: r.name,
                })}
              />
              <Caption1 className={styles.command}>{r.command}</Caption1>
              {r.sameForwards.length === 0 && <Caption1>{t('setup.runners.sameServer')}</Caption1>}
            </li>
          ))}
        </ul>
        {kept.length > 0 && <Caption1>{t('setup.runners.twoTunnels')}</Caption1>}
      </MessageBarBody>
    </MessageBar>
  );
}

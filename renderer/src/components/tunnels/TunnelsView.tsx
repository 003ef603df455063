import { Body1, Button, Caption1, makeStyles, Title3 } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TunnelSnapshot } from '../../../../contract';
import { useAppStore } from '../../store';
import { DraftBanner } from '../setup/DraftBanner';
import { StatusLights } from './StatusLights';
import { TunnelRow, type RowTunnel } from './TunnelRow';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px' },
  header: { display: 'flex', alignItems: 'center', gap: '8px' },
  grow: { flexGrow: 1 },
  empty: { display: 'flex', flexDirection: 'column', gap: '4px' },
  list: { display: 'flex', flexDirection: 'column', gap: '8px', margin: 0, padding: 0 },
});

/** Profiles saved but not yet known to the supervisor show as stopped rows. */
function withProfiles(
  tunnels: readonly TunnelSnapshot[],
  profiles: readonly { id: string; name: string }[],
): RowTunnel[] {
  const known = new Set(tunnels.map((t) => t.id));
  const missing = profiles
    .filter((p) => !known.has(p.id))
    .map((p): RowTunnel => ({
      id: p.id,
      name: p.name,
      state: 'stopped',
      cause: null,
      since: 0,
      nextRetryAt: null,
      forwards: [],
    }));
  return [...tunnels, ...missing];
}

export function TunnelsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const tunnels = useAppStore((s) => s.tunnels);
  const profiles = useAppStore((s) => s.profiles);
  const openSetup = useAppStore((s) => s.openSetup);
  const onWindows = useAppStore((s) => s.appInfo?.platform === 'win32');
  const setImportOpen = useAppStore((s) => s.setImportOpen);
  const rows = useMemo(() => withProfiles(tunnels, profiles), [tunnels, profiles]);

  return (
    <section className={styles.root} aria-labelledby="tunnels-heading">
      <div className={styles.header}>
        <Title3 id="tunnels-heading" as="h1" className={styles.grow}>
          {t('tunnels.heading')}
        </Title3>
        <Button onClick={() => setImportOpen(true)}>{t('tunnels.import')}</Button>
        <Button appearance="primary" onClick={() => openSetup()}>
          {t('tunnels.add')}
        </Button>
      </div>
      <DraftBanner />
      <StatusLights />
      {rows.length === 0 ? (
        <div role="status" data-testid="tunnels-empty" className={styles.empty}>
          <Body1 as="p">{t('tunnels.empty')}</Body1>
          <Caption1 as="p">{t('tunnels.emptyHint')}</Caption1>
          <div>
            <Button appearance="primary" onClick={() => openSetup()} data-testid="setup-offer">
              {t('setup.offer')}
            </Button>{' '}
            {onWindows && (
              <Button onClick={() => openSetup(undefined, 'putty')} data-testid="setup-from-putty">
                {t('setup.fromPutty')}
              </Button>
            )}
          </div>
        </div>
      ) : (
        <ul className={styles.list} aria-label={t('tunnels.heading')}>
          {rows.map((tunnel) => (
            <TunnelRow key={tunnel.id} tunnel={tunnel} />
          ))}
        </ul>
      )}
    </section>
  );
}

import { Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Light } from '../../../../contract/tunnel-state';
import { computeLights } from '../../lib/lights';
import { useAppStore } from '../../store';
import { StatusDot } from '../StatusDot';

const useStyles = makeStyles({
  bar: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: '12px',
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: '10px',
    padding: '10px 12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  text: { display: 'flex', flexDirection: 'column' },
});

function Item({ light, title, value }: { light: Light; title: string; value: string }) {
  const styles = useStyles();
  return (
    <li className={styles.item}>
      <StatusDot light={light} label={`${title}: ${value}`} />
      <div className={styles.text} aria-hidden="true">
        <Caption1>{title}</Caption1>
        <Body1Strong>{value}</Body1Strong>
      </div>
    </li>
  );
}

/** The provider's three lights, from this side: session up, forwards bound, connections. */
export function StatusLights() {
  const { t } = useTranslation();
  const styles = useStyles();
  const tunnels = useAppStore((s) => s.tunnels);
  const lights = useMemo(() => computeLights(tunnels), [tunnels]);
  const { session, forwards, connections } = lights;
  return (
    <ul className={styles.bar} aria-label={t('lights.label')} data-testid="status-lights">
      <Item
        light={session.light}
        title={t('lights.session')}
        value={
          session.running === 0
            ? t('lights.nothingRunning')
            : t('lights.sessionValue', { up: session.up, running: session.running })
        }
      />
      <Item
        light={forwards.light}
        title={t('lights.forwards')}
        value={
          forwards.total === 0
            ? t('lights.noForwards')
            : t('lights.forwardsValue', { bound: forwards.bound, total: forwards.total })
        }
      />
      <Item
        light={connections.light}
        title={t('lights.connections')}
        value={
          connections.active > 0
            ? t('lights.connectionsActive', { n: connections.active })
            : t('lights.noConnections')
        }
      />
    </ul>
  );
}

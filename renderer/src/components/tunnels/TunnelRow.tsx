import {
  Body1,
  Body1Strong,
  Button,
  Caption1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TunnelSnapshot } from '../../../../contract';
import { isRunning, isUp, needsUser, stateLight } from '../../../../contract/tunnel-state';
import { startTunnel, stopTunnel } from '../../actions';
import { useAppStore } from '../../store';
import { AvailabilitySection } from '../availability/AvailabilitySection';
import { StatusDot } from '../StatusDot';
import { ForwardLine } from './ForwardLine';
import { Uptime } from './Uptime';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    gap: '4px 16px',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', alignItems: 'center', gap: '10px', flexWrap: 'wrap' },
  forwards: { margin: 0, paddingLeft: '22px', listStyle: 'none', gridColumn: '1 / 2' },
  cause: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    gap: '12px',
    color: tokens.colorPaletteRedForeground1,
  },
  actions: { display: 'flex', gap: '6px', alignItems: 'start', flexWrap: 'wrap' },
  wide: { gridColumn: '1 / 3' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** What a row needs; a saved profile the supervisor does not know yet fills it as stopped. */
export type RowTunnel = Pick<
  TunnelSnapshot,
  'id' | 'name' | 'state' | 'cause' | 'since' | 'nextRetryAt' | 'forwards'
> & { detail?: string | null };

export function TunnelRow({ tunnel }: { tunnel: RowTunnel }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const openTroubleshoot = useAppStore((s) => s.openTroubleshoot);
  const showLogs = useAppStore((s) => s.showLogs);
  const setEditing = useAppStore((s) => s.setEditing);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  const running = isRunning(tunnel.state);
  const up = isUp(tunnel.state);
  const stateWord = t(`state.${tunnel.state}`);
  const headingId = `tunnel-${tunnel.id}-name`;
  const historyId = `tunnel-${tunnel.id}-availability`;

  const toggle = async () => {
    setError(await (running ? stopTunnel(tunnel.id) : startTunnel(tunnel.id)));
  };

  return (
    <li
      className={styles.row}
      aria-labelledby={headingId}
      data-testid="tunnel-row"
      data-state={tunnel.state}
    >
      <div className={styles.head}>
        <StatusDot
          light={stateLight(tunnel.state)}
          label={t('tunnel.stateLabel', { state: stateWord })}
        />
        <Body1Strong id={headingId}>{tunnel.name}</Body1Strong>
        <Body1 data-testid="tunnel-state">{stateWord}</Body1>
        {up && (
          <Caption1 className={styles.muted}>
            {t('tunnel.uptime')} <Uptime since={tunnel.since} />
          </Caption1>
        )}
        {tunnel.state === 'waiting' && tunnel.nextRetryAt !== null && (
          <Caption1 className={styles.muted}>
            {t('tunnel.retryAt', {
              time: new Date(tunnel.nextRetryAt).toLocaleTimeString(i18n.language),
            })}
          </Caption1>
        )}
      </div>
      <div className={styles.actions}>
        <Button appearance={running ? 'secondary' : 'primary'} onClick={() => void toggle()}>
          {running ? t('tunnel.stop') : t('tunnel.start')}
        </Button>
        <Button
          aria-expanded={history}
          aria-controls={history ? historyId : undefined}
          onClick={() => setHistory(!history)}
        >
          {t('availability.show')}
        </Button>
        <Button onClick={() => showLogs(tunnel.id)}>{t('tunnel.logs')}</Button>
        <Button onClick={() => setEditing({ mode: 'edit', id: tunnel.id })}>
          {t('tunnel.edit')}
        </Button>
      </div>
      {tunnel.forwards.length > 0 ? (
        <ul className={styles.forwards} aria-label={t('tunnel.forwards')}>
          {tunnel.forwards.map((forward) => (
            <ForwardLine key={forward.id} forward={forward} />
          ))}
        </ul>
      ) : (
        <Caption1 className={styles.muted}>{t('tunnel.noForwards')}</Caption1>
      )}
      <div className={styles.cause} data-testid="tunnel-cause">
        {tunnel.cause && (
          <Body1 title={tunnel.detail ?? undefined}>{t(`cause.${tunnel.cause}`)}</Body1>
        )}
        {error && <Body1 role="alert">{t(`errors.${error}`, t('errors.internal'))}</Body1>}
        {/* Prominent when something is wrong; still there (quiet) when all is well. */}
        <Button
          appearance={tunnel.cause || needsUser(tunnel.state) ? 'primary' : 'subtle'}
          onClick={() => openTroubleshoot(tunnel.id)}
          data-troubleshoot-for={tunnel.id}
        >
          {t('tunnel.troubleshoot')}
        </Button>
      </div>
      {history && (
        <div className={styles.wide}>
          <AvailabilitySection
            id={historyId}
            tunnelId={tunnel.id}
            changedAt={`${tunnel.state}@${tunnel.since}`}
          />
        </div>
      )}
    </li>
  );
}

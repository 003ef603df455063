import {
  Body1,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Title2,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability, AvailabilityRange } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { formatDuration } from '../../lib/format';
import { AvailabilityStrip } from './AvailabilityStrip';
import { formatUptime } from './format';
import { OutageList } from './OutageList';
import { Swatch } from './Swatch';

const RANGES: AvailabilityRange[] = ['24h', '7d'];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '14px',
    paddingTop: '12px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  header: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap' },
  heading: { margin: 0, flexGrow: 1 },
  ranges: { display: 'flex', gap: '4px' },
  summary: { display: 'flex', alignItems: 'end', gap: '8px 24px', flexWrap: 'wrap' },
  uptime: { display: 'flex', flexDirection: 'column' },
  figures: { display: 'flex', flexDirection: 'column', paddingBottom: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '4px 16px',
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  legendItem: { display: 'flex', alignItems: 'center', gap: '6px' },
});

const LEGEND = [
  ['green', 'connected'],
  ['yellow', 'trouble'],
  ['red', 'failed'],
  ['grey', 'stopped'],
  ['unmonitored', 'notMonitored'],
] as const;

/**
 * A tunnel's availability from the engine's history: the uptime over the last 24 hours or 7
 * days, the strip, and the outages with their causes. Read again when the tunnel changes state.
 */
export function AvailabilitySection({
  tunnelId,
  id,
  changedAt,
}: {
  tunnelId: string;
  /** The section's element id (the row's toggle controls it). */
  id?: string;
  /** Anything that changes when the tunnel's state does: the history has a new line then. */
  changedAt?: string | number;
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const [range, setRange] = useState<AvailabilityRange>('24h');
  const [data, setData] = useState<Availability | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();

  useEffect(() => {
    let current = true;
    bridge()
      .availability(tunnelId, range)
      .then(
        (answer) => {
          if (!current) return;
          setData(answer);
          setError(null);
        },
        (failure: unknown) => current && setError(errorCode(failure)),
      );
    return () => {
      current = false;
    };
  }, [tunnelId, range, changedAt]);

  // An answer for the other period is not shown under this one's switch.
  const shown = data?.range === range && data.id === tunnelId ? data : null;
  const rangeWords = t(`availability.ranges.${range}`);

  return (
    <section id={id} className={styles.root} aria-labelledby={headingId} data-testid="availability">
      <div className={styles.header}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {t('availability.heading')}
        </Subtitle2>
        <div role="group" aria-label={t('availability.range')} className={styles.ranges}>
          {RANGES.map((r) => (
            <ToggleButton
              key={r}
              size="small"
              checked={r === range}
              appearance={r === range ? 'primary' : 'secondary'}
              onClick={() => setRange(r)}
            >
              {t(`availability.ranges.${r}`)}
            </ToggleButton>
          ))}
        </div>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
        </MessageBar>
      )}
      {!shown && !error && <Spinner size="tiny" label={t('availability.loading')} />}
      {shown && (
        <>
          <div className={styles.summary} data-testid="availability-summary">
            <div className={styles.uptime}>
              <Caption1 className={styles.muted}>
                {t('availability.uptimeOver', { range: rangeWords })}
              </Caption1>
              <Title2 data-testid="availability-uptime">
                {shown.uptimePercent === null
                  ? t('availability.noData')
                  : formatUptime(shown.uptimePercent, i18n.language)}
              </Title2>
            </div>
            <div className={styles.figures}>
              {shown.uptimePercent === null ? (
                <Body1>{t('availability.noDataHint')}</Body1>
              ) : (
                <Body1>
                  {t('availability.connectedOf', {
                    connected: formatDuration(shown.connectedMs),
                    monitored: formatDuration(shown.monitoredMs),
                  })}
                </Body1>
              )}
              {shown.notMonitoredMs > 0 && shown.uptimePercent !== null && (
                <Caption1 className={styles.muted}>
                  {t('availability.notMonitoredFor', {
                    duration: formatDuration(shown.notMonitoredMs),
                  })}
                </Caption1>
              )}
            </div>
          </div>
          <AvailabilityStrip key={shown.range} availability={shown} />
          <ul className={styles.legend} aria-label={t('availability.legend')}>
            {LEGEND.map(([light, key]) => (
              <li key={key} className={styles.legendItem}>
                <Swatch light={light} />
                <Caption1>{t(`availability.legendItems.${key}`)}</Caption1>
              </li>
            ))}
          </ul>
          <OutageList outages={shown.outages} />
        </>
      )}
    </section>
  );
}

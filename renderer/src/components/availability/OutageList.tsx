import {
  Badge,
  Body1,
  Body1Strong,
  Button,
  Caption1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outage } from '../../../../contract';
import { formatDuration } from '../../lib/format';
import { formatInstant, outageLight, outageReason } from './format';
import { Swatch } from './Swatch';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '6px' },
  heading: { margin: 0 },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: '2px' },
  item: {
    display: 'grid',
    gridTemplateColumns: '12px minmax(150px, max-content) 1fr',
    alignItems: 'baseline',
    gap: '2px 12px',
    padding: '6px 10px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  when: { display: 'flex', flexDirection: 'column' },
  reason: { display: 'flex', flexDirection: 'column', gap: '2px' },
  muted: { color: tokens.colorNeutralForeground3 },
  swatch: { alignSelf: 'center' },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** Shown at first; the rest after "Show all" (a flapping week can have hundreds). */
const FIRST = 10;

/** The outages of the period, newest first: when, how long, and why in words. */
export function OutageList({ outages }: { outages: readonly Outage[] }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const [all, setAll] = useState(false);
  const newest = [...outages].reverse();
  const shown = all ? newest : newest.slice(0, FIRST);
  const headingId = useId();

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Body1Strong as="h3" id={headingId} className={styles.heading}>
        {t('availability.outages', { n: outages.length })}
      </Body1Strong>
      {outages.length === 0 ? (
        <Body1 as="p" className={styles.empty} data-testid="no-outages">
          {t('availability.noOutages')}
        </Body1>
      ) : (
        <ol className={styles.list} data-testid="outage-list">
          {shown.map((outage) => {
            const reason = outageReason(t, outage);
            const from = formatInstant(outage.from, i18n.language);
            const duration = formatDuration(outage.durationMs);
            return (
              <li key={outage.from} className={styles.item} data-testid="outage">
                <span className={styles.swatch}>
                  <Swatch light={outageLight(outage)} />
                </span>
                <span className={styles.when}>
                  <Body1Strong>{from}</Body1Strong>
                  <Caption1 className={styles.muted}>
                    {outage.ongoing
                      ? t('availability.ongoingFor', { duration })
                      : t('availability.lasted', { duration })}
                  </Caption1>
                </span>
                <span className={styles.reason}>
                  <Body1>
                    {reason.first}{' '}
                    {outage.ongoing && (
                      <Badge appearance="tint" color="warning">
                        {t('availability.ongoing')}
                      </Badge>
                    )}
                  </Body1>
                  {reason.then.length > 0 && (
                    <Caption1 className={styles.muted}>
                      {t('availability.then', { causes: reason.then.join(' ') })}
                    </Caption1>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {!all && outages.length > FIRST && (
        <div>
          <Button appearance="subtle" onClick={() => setAll(true)}>
            {t('availability.showAll', { n: outages.length })}
          </Button>
        </div>
      )}
    </section>
  );
}

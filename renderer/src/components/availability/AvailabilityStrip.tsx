import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability } from '../../../../contract';
import { LIGHT_COLORS } from '../../lib/lightColors';
import { axisTicks, describeSegment, segmentLabel, segmentLight } from './format';
import { STRIP_GREY, Swatch, UNMONITORED_FILL } from './Swatch';

const useStyles = makeStyles({
  root: { paddingTop: '4px' },
  track: { position: 'relative' },
  strip: {
    display: 'flex',
    height: '32px',
    borderRadius: tokens.borderRadiusMedium,
    outline: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  segment: {
    position: 'relative',
    height: '100%',
    minWidth: 0,
    flexShrink: 1,
    flexGrow: 0,
    boxSizing: 'border-box',
    cursor: 'default',
    ':first-child': {
      borderTopLeftRadius: tokens.borderRadiusMedium,
      borderBottomLeftRadius: tokens.borderRadiusMedium,
    },
    ':last-child': {
      borderTopRightRadius: tokens.borderRadiusMedium,
      borderBottomRightRadius: tokens.borderRadiusMedium,
    },
    ':focus-visible': {
      outline: `3px solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
      zIndex: 2,
    },
  },
  // Anything wrong stays visible even when it lasted seconds of a week.
  visible: { minWidth: '3px' },
  active: {
    zIndex: 1,
    boxShadow: `inset 0 0 0 2px ${tokens.colorNeutralForeground1}, inset 0 0 0 3px ${tokens.colorNeutralBackground1}`,
  },
  green: { backgroundColor: LIGHT_COLORS.green },
  yellow: { backgroundColor: LIGHT_COLORS.yellow },
  red: { backgroundColor: LIGHT_COLORS.red },
  grey: { backgroundColor: STRIP_GREY },
  unmonitored: { backgroundImage: UNMONITORED_FILL },
  axis: { position: 'relative', height: '20px', marginTop: '6px' },
  tick: {
    position: 'absolute',
    top: 0,
    whiteSpace: 'nowrap',
    color: tokens.colorNeutralForeground3,
    transform: 'translateX(-50%)',
    '::before': {
      content: '""',
      position: 'absolute',
      left: '50%',
      top: '-8px',
      height: '5px',
      borderLeft: `1px solid ${tokens.colorNeutralStroke1}`,
    },
  },
  tickEnd: { transform: 'translateX(-100%)', '::before': { left: '100%' } },
  // Below the strip: the uptime above it stays in sight.
  tooltip: {
    position: 'absolute',
    top: 'calc(100% + 8px)',
    zIndex: 10,
    width: 'max-content',
    maxWidth: 'min(460px, 90%)',
    padding: '8px 12px',
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow16,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    pointerEvents: 'none',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  tooltipState: { display: 'flex', alignItems: 'center', gap: '8px', fontWeight: 600 },
  tooltipWhen: { color: tokens.colorNeutralForeground2 },
  tooltipDetail: {
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: 'break-word',
  },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const KEYS_BACK = ['ArrowLeft', 'ArrowUp'];
const KEYS_ON = ['ArrowRight', 'ArrowDown'];

/**
 * The picture of a period: one coloured stretch per segment, its width its share of the period.
 * One tab stop (the strip is a group with a roving focus): the arrow keys move between stretches,
 * Home and End jump to the first and the last; hovering or focusing one shows its from–to, state
 * and cause, which is also each stretch's label for screen readers.
 */
export function AvailabilityStrip({ availability }: { availability: Availability }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const language = i18n.language;
  const { segments, from, to, range } = availability;
  const total = Math.max(1, to - from);
  const [current, setCurrent] = useState(() => Math.max(0, segments.length - 1));
  const [focused, setFocused] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  const tooltipId = useId();
  const hintId = useId();

  // A new answer may have fewer stretches: keep the roving focus inside.
  const roving = Math.min(current, segments.length - 1);
  const shown = dismissed ? null : (hovered ?? focused);
  const active = shown === null ? undefined : segments[shown];

  const move = (index: number) => {
    const next = Math.max(0, Math.min(segments.length - 1, index));
    setCurrent(next);
    setDismissed(false);
    refs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (KEYS_BACK.includes(event.key)) move(roving - 1);
    else if (KEYS_ON.includes(event.key)) move(roving + 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(segments.length - 1);
    else if (event.key === 'Escape' && shown !== null) setDismissed(true);
    else return;
    event.preventDefault();
  };

  // Where the tooltip points: the middle of the stretch, kept inside the strip at the ends.
  let tooltipStyle: CSSProperties = {};
  if (active) {
    const mid = ((active.from + active.to) / 2 - from) / total;
    tooltipStyle =
      mid < 0.2
        ? { left: 0 }
        : mid > 0.8
          ? { right: 0 }
          : { left: `${mid * 100}%`, transform: 'translateX(-50%)' };
  }
  const words = active ? describeSegment(t, active, language) : undefined;
  const ticks = axisTicks(from, to, range, language);

  return (
    <div className={styles.root}>
      <span id={hintId} className={styles.hidden}>
        {t('availability.stripHint')}
      </span>
      <div className={styles.track}>
        <div
          role="group"
          aria-label={t('availability.strip', { range: t(`availability.ranges.${range}`) })}
          aria-describedby={hintId}
          className={styles.strip}
          data-testid="availability-strip"
          onKeyDown={onKeyDown}
          onMouseLeave={() => setHovered(null)}
        >
          {segments.map((segment, index) => {
            const light = segmentLight(segment.state);
            return (
              <div
                key={`${segment.from}-${segment.state}`}
                ref={(el) => {
                  refs.current[index] = el;
                }}
                role="img"
                tabIndex={index === roving ? 0 : -1}
                aria-label={segmentLabel(t, segment, language)}
                aria-describedby={shown === index ? tooltipId : undefined}
                data-testid="availability-segment"
                data-state={segment.state}
                data-light={light}
                className={mergeClasses(
                  styles.segment,
                  styles[light],
                  light !== 'green' && light !== 'unmonitored' && styles.visible,
                  shown === index && styles.active,
                )}
                style={{ width: `${(segment.durationMs / total) * 100}%` }}
                onFocus={() => {
                  setCurrent(index);
                  setFocused(index);
                  setDismissed(false);
                }}
                onBlur={() => setFocused((f) => (f === index ? null : f))}
                onMouseEnter={() => {
                  setHovered(index);
                  setDismissed(false);
                }}
              />
            );
          })}
        </div>
        {active && words && (
          <div
            id={tooltipId}
            role="tooltip"
            className={styles.tooltip}
            style={tooltipStyle}
            data-testid="availability-tooltip"
          >
            <span className={styles.tooltipWhen}>
              {words.when} · {words.duration}
            </span>
            <span className={styles.tooltipState}>
              <Swatch light={segmentLight(active.state)} />
              {words.state}
            </span>
            {words.cause && <span>{words.cause}</span>}
            {words.detail && <span className={styles.tooltipDetail}>{words.detail}</span>}
          </div>
        )}
      </div>
      <div className={styles.axis} aria-hidden="true">
        {ticks.map((tick) => (
          <Caption1
            key={tick.at}
            className={styles.tick}
            style={{ left: `${((tick.at - from) / total) * 100}%` }}
          >
            {tick.label}
          </Caption1>
        ))}
        <Caption1 className={mergeClasses(styles.tick, styles.tickEnd)} style={{ left: '100%' }}>
          {t('availability.now')}
        </Caption1>
      </div>
    </div>
  );
}

import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Light } from '../../../../contract/tunnel-state';
import { LIGHT_COLORS } from '../../lib/lightColors';

/** Not monitored: hatched, so it never reads as a colour (and never as "down"). */
export const UNMONITORED_FILL = `repeating-linear-gradient(135deg, ${tokens.colorNeutralBackground1} 0 3px, ${tokens.colorNeutralStroke1} 3px 4.5px)`;

/**
 * Stopped on the strip: the app's grey light is a ringed dot elsewhere; as a bar it needs to be
 * a shade darker to stand apart from the hatching and the background.
 */
export const STRIP_GREY = tokens.colorNeutralForegroundDisabled;

const useStyles = makeStyles({
  swatch: {
    display: 'inline-block',
    width: '12px',
    height: '12px',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusSmall,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  green: { backgroundColor: LIGHT_COLORS.green },
  yellow: { backgroundColor: LIGHT_COLORS.yellow },
  red: { backgroundColor: LIGHT_COLORS.red },
  grey: { backgroundColor: STRIP_GREY },
  unmonitored: { backgroundImage: UNMONITORED_FILL },
});

/** A small square of a strip colour, next to words that say the same (hidden from readers). */
export function Swatch({ light }: { light: Light | 'unmonitored' }) {
  const styles = useStyles();
  return <span aria-hidden="true" className={mergeClasses(styles.swatch, styles[light])} />;
}

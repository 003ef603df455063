import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Light } from '../../../contract/tunnel-state';
import { LIGHT_COLORS } from '../lib/lightColors';

const useStyles = makeStyles({
  dot: {
    display: 'inline-block',
    width: '12px',
    height: '12px',
    borderRadius: '50%',
    flexShrink: 0,
    // A ring as well as a colour, so the light reads in high contrast and for colour blindness.
    border: `2px solid ${tokens.colorNeutralStroke1}`,
  },
  green: { backgroundColor: LIGHT_COLORS.green },
  yellow: { backgroundColor: LIGHT_COLORS.yellow },
  red: { backgroundColor: LIGHT_COLORS.red },
  grey: { backgroundColor: LIGHT_COLORS.grey },
});

/** A coloured light with a spoken label: screen readers hear the words, not the colour. */
export function StatusDot({ light, label }: { light: Light; label: string }) {
  const styles = useStyles();
  return (
    <span
      role="img"
      aria-label={label}
      data-light={light}
      className={mergeClasses(styles.dot, styles[light])}
    />
  );
}

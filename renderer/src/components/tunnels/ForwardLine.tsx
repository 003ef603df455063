import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ForwardView } from '../../../../contract';
import { licenseProduct } from '../../lib/licensePorts';
import { forwardBytes, forwardRoute, formatBytes } from '../../lib/format';

const useStyles = makeStyles({
  line: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  failed: { color: tokens.colorPaletteRedForeground1 },
});

/** `R 1055 → licsrv:1055 · listening · 2 active · 14 MB` (ANSYS license) */
export function ForwardLine({ forward }: { forward: ForwardView }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const bytes = forwardBytes(forward);
  const parts = [
    forwardRoute(forward),
    t(`forwardState.${forward.state}`),
    t('forward.active', { n: forward.connections.active }),
  ];
  if (bytes !== null) parts.push(formatBytes(bytes));
  if (forward.state === 'failed' && forward.cause) parts.push(t(`cause.${forward.cause}`));
  // Unlabelled license ports still say what they are for (the usual ports of the brief).
  const label = forward.label ?? licenseProduct(Number(forward.target?.split(':').pop()));
  return (
    <li data-testid="forward-line">
      <Caption1 className={forward.state === 'failed' ? styles.failed : styles.line}>
        <span className={styles.line}>{parts.join(' · ')}</span>
        {label ? ` (${label})` : ''}
      </Caption1>
    </li>
  );
}

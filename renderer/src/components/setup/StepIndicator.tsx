import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { SETUP_STEPS, type SetupStep } from '../../lib/setupDraft';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '4px 12px',
    margin: '0 0 12px',
    padding: 0,
    listStyle: 'none',
  },
  item: { color: tokens.colorNeutralForeground3 },
  done: { color: tokens.colorPaletteGreenForeground1 },
  current: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** "1 What you have · 2 Key · …": where the admin is, and how far is left. */
export function StepIndicator({ step }: { step: SetupStep }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const at = SETUP_STEPS.indexOf(step);
  return (
    <ol className={styles.list} aria-label={t('setup.progress')}>
      {SETUP_STEPS.map((s, i) => (
        <li
          key={s}
          aria-current={i === at ? 'step' : undefined}
          className={i === at ? styles.current : i < at ? styles.done : styles.item}
        >
          <Caption1>
            {i < at ? '✓ ' : `${i + 1} `}
            {t(`setup.steps.${s}`)}
          </Caption1>
        </li>
      ))}
    </ol>
  );
}

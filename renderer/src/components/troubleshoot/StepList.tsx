import { Badge, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { DiagnosticReport } from '../../../../contract';

type Step = DiagnosticReport['steps'][number];

const COLOR = { pass: 'success', warn: 'warning', fail: 'danger', skip: 'informative' } as const;

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: '0', listStyle: 'none', display: 'grid', gap: '8px' },
  step: {
    display: 'grid',
    gridTemplateColumns: '90px 1fr',
    gap: '2px 8px',
    alignItems: 'baseline',
  },
  detail: {
    gridColumn: '2',
    color: tokens.colorNeutralForeground3,
    wordBreak: 'break-word',
  },
});

/** The checks in the order they ran, each with its evidence line. */
export function StepList({ steps }: { steps: readonly Step[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={t('troubleshoot.steps')}>
      {steps.map((step) => (
        <li
          key={step.id}
          className={styles.step}
          data-testid="diag-step"
          data-step={step.id}
          data-status={step.status}
        >
          <Badge
            appearance={step.status === 'skip' ? 'outline' : 'filled'}
            color={COLOR[step.status]}
          >
            {t(`status.${step.status}`, { ns: 'diag', keySeparator: false })}
          </Badge>
          <Body1Strong>{t(`check.${step.id}`, { ns: 'diag', keySeparator: false })}</Body1Strong>
          {step.detail && <Caption1 className={styles.detail}>{step.detail}</Caption1>}
        </li>
      ))}
    </ol>
  );
}

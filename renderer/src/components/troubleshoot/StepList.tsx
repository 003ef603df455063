import { Badge, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { DiagnosticMessage, DiagnosticReport } from '../../../../contract';
import { DiagText, Verbatim } from './DiagText';

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
  line: { display: 'block' },
});

/**
 * A check's evidence in the window's language: one line per finding when it lists several
 * (every forward, every target). A report without keys shows the English line as it came.
 */
function Detail({ step }: { step: Step }) {
  const styles = useStyles();
  if (!step.detailKey) return <Verbatim text={step.detail} />;
  const message: DiagnosticMessage = { key: step.detailKey, params: step.detailParams };
  const items = message.params?.items;
  if (message.key === 'detail.list' && Array.isArray(items))
    return items.map((item, i) => (
      <span key={i} className={styles.line}>
        <DiagText message={item} />
      </span>
    ));
  return <DiagText message={message} />;
}

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
          {step.detail && (
            <Caption1 className={styles.detail} data-testid="diag-detail">
              <Detail step={step} />
            </Caption1>
          )}
        </li>
      ))}
    </ol>
  );
}

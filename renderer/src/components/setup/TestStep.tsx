import {
  Badge,
  Body1,
  Body1Strong,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticReport, DiagnosticStep } from '../../../../contract';
import { CHECK_IDS } from '../../../../contract/checks';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { DiagText } from '../troubleshoot/DiagText';
import { StepList } from '../troubleshoot/StepList';
import { StepActions } from './StepActions';
import { useSetupProfile } from './useSetupProfile';

const useStyles = makeStyles({
  pending: { margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: '8px' },
  row: { display: 'grid', gridTemplateColumns: '90px 1fr', gap: '8px', alignItems: 'center' },
  advice: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '6px' },
});

/** Step 5: the diagnosis, live: each check ticks as it passes; a failure says why and what to do. */
export function TestStep() {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useSetupProfile()?.id;
  const [steps, setSteps] = useState<DiagnosticStep[]>([]);
  const [report, setReport] = useState<DiagnosticReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const running = report === null && error === null;

  // One diagnosis per attempt; its checks arrive one by one while it runs.
  useEffect(() => {
    if (!id) return;
    let current = true;
    const stop = bridge().onDiagnosticsStep((event) => {
      if (current && event.tunnelId === id)
        setSteps((seen) => [...seen.filter((s) => s.id !== event.step.id), event.step]);
    });
    bridge()
      .runDiagnostics(id)
      .then(
        (done) => current && setReport(done),
        (e: unknown) => current && setError(errorCode(e)),
      )
      .finally(stop);
    return () => {
      current = false;
      stop();
    };
  }, [id, attempt]);

  const retry = () => {
    setSteps([]);
    setReport(null);
    setError(null);
    setAttempt((n) => n + 1);
  };

  const shown = report?.steps ?? steps;
  const waiting = report ? [] : CHECK_IDS.filter((c) => !steps.some((s) => s.id === c));
  const failed = report?.steps.some((s) => s.status === 'fail') ?? false;

  return (
    <>
      <Body1 as="p">{t('setup.test.intro')}</Body1>
      <div data-testid="setup-checks" data-running={running ? 'true' : 'false'}>
        <StepList steps={shown} />
        {waiting.length > 0 && (
          <ul className={styles.pending} aria-label={t('setup.test.pending')}>
            {waiting.map((c, i) => (
              <li key={c} className={styles.row} data-testid="setup-check-pending">
                {i === 0 && running ? (
                  <Spinner size="extra-tiny" />
                ) : (
                  <Badge appearance="ghost">…</Badge>
                )}
                <Body1Strong>{t(`check.${c}`, { ns: 'diag', keySeparator: false })}</Body1Strong>
              </li>
            ))}
          </ul>
        )}
      </div>
      {report && !failed && (
        <MessageBar intent="success" data-testid="setup-test-result" data-result="pass">
          <MessageBarBody>{t('setup.test.passed')}</MessageBarBody>
        </MessageBar>
      )}
      {report && failed && (
        <MessageBar intent="error" data-testid="setup-test-result" data-result="fail">
          <MessageBarBody>
            <MessageBarTitle>
              {t(`cause.${report.cause ?? 'unknown'}`, t('setup.test.failed'))}
            </MessageBarTitle>
            <ol className={styles.advice}>
              {report.advice.map((item, index) => (
                <li key={`${item.key}-${index}`}>
                  <DiagText message={item} />
                </li>
              ))}
            </ol>
          </MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
        </MessageBar>
      )}
      {(failed || error) && (
        <div>
          <Button onClick={retry} data-testid="setup-retry">
            {t('setup.tryAgain')}
          </Button>
        </div>
      )}
      <StepActions
        next={{
          disabled: !report || failed || running,
          onClick: () => useAppStore.getState().setSetupStep('keepRunning'),
        }}
      />
    </>
  );
}

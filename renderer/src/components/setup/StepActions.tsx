import { Button, DialogActions, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { SETUP_STEPS } from '../../lib/setupDraft';
import { useAppStore } from '../../store';

export interface NextAction {
  label?: string;
  disabled?: boolean;
  busy?: boolean;
  onClick(): void | Promise<void>;
}

/**
 * Back, Cancel and the step's own "Next" — the same three on every step. Back and Cancel never
 * undo what a step already saved: the profile stays as written and the draft remembers the step.
 */
export function StepActions({ next }: { next?: NextAction }) {
  const { t } = useTranslation();
  const step = useAppStore((s) => s.setupStep);
  const index = SETUP_STEPS.indexOf(step);
  const back = () => useAppStore.getState().setSetupStep(SETUP_STEPS[index - 1]!);
  return (
    <DialogActions>
      {next?.busy && <Spinner size="tiny" />}
      {step !== 'done' && (
        <Button onClick={() => useAppStore.getState().closeSetup()}>{t('setup.cancel')}</Button>
      )}
      {index > 0 && step !== 'done' && <Button onClick={back}>{t('setup.back')}</Button>}
      {next && (
        <Button
          appearance="primary"
          disabled={next.disabled || next.busy}
          onClick={() => void next.onClick()}
          data-testid="setup-next"
        >
          {next.label ?? t('setup.next')}
        </Button>
      )}
    </DialogActions>
  );
}

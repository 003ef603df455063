import {
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useRestoreFocus } from '../../lib/useRestoreFocus';
import { useAppStore } from '../../store';
import { DoneStep } from './DoneStep';
import { HostKeyStep } from './HostKeyStep';
import { KeepRunningStep } from './KeepRunningStep';
import { KeyStep } from './KeyStep';
import { PublicKeyStep } from './PublicKeyStep';
import { SourceStep } from './SourceStep';
import { StepIndicator } from './StepIndicator';
import { TestStep } from './TestStep';

const useStyles = makeStyles({
  surface: { maxWidth: '820px', width: '95vw' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px', minHeight: '320px' },
});

/**
 * The setup assistant (issue 20): the provider's eleven-step guide across PuTTYgen, Pageant, a
 * batch file and Task Scheduler, as seven steps in one window. Each step saves what it decided
 * (the profile is in the config from the first step on), so Back, Cancel or a closed window
 * lose nothing, and an unfinished setup is offered again on the Tunnels view.
 */
export function SetupAssistant() {
  const open = useAppStore((s) => s.setupOpen);
  return open ? <Assistant /> : null;
}

function Assistant() {
  useRestoreFocus();
  const { t } = useTranslation();
  const styles = useStyles();
  const step = useAppStore((s) => s.setupStep);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && useAppStore.getState().closeSetup()}>
      <DialogSurface className={styles.surface} data-testid="setup" data-step={step}>
        <DialogBody>
          <DialogTitle>{t('setup.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <StepIndicator step={step} />
            {step === 'source' && <SourceStep />}
            {step === 'key' && <KeyStep />}
            {step === 'publicKey' && <PublicKeyStep />}
            {step === 'hostKey' && <HostKeyStep />}
            {step === 'test' && <TestStep />}
            {step === 'keepRunning' && <KeepRunningStep />}
            {step === 'done' && <DoneStep />}
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

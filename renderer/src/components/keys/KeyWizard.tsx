import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { defaultOutputPath } from '../../lib/keyPaths';
import { useRestoreFocus } from '../../lib/useRestoreFocus';
import { useAppStore } from '../../store';
import { DetectedKey } from './DetectedKey';
import { GenerateStep } from './GenerateStep';
import { OutputStep } from './OutputStep';
import { PasteChecker } from './PasteChecker';
import { PublicKeyResult } from './PublicKeyResult';
import { SourceStep } from './SourceStep';
import { useKeyWizard, type Step } from './useKeyWizard';

const useStyles = makeStyles({
  surface: { maxWidth: '680px', width: '95vw' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  choices: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px' },
});

export function KeyWizardDialog() {
  const open = useAppStore((s) => s.wizardOpen);
  return open ? <KeyWizard /> : null;
}

/** Convert or generate a key, ending on the one-line public key the provider wants. */
function KeyWizard() {
  useRestoreFocus();
  const { t } = useTranslation();
  const styles = useStyles();
  const close = () => useAppStore.getState().setWizardOpen(false);
  const folder = useAppStore((s) => {
    const known = s.keys[0]?.path ?? '';
    return known.replace(/[\\/][^\\/]*$/, '');
  });
  const w = useKeyWizard(folder);
  const { step, setStep, source, info, output, errors, result } = w;
  const err = (key?: string) => (key ? t(key, t('errors.internal')) : undefined);

  const back: Partial<Record<Step, Step>> = {
    source: 'start',
    passphrase: 'source',
    output: info?.encrypted ? 'passphrase' : 'source',
    generate: 'start',
  };
  const next: Partial<Record<Step, [string, () => void]>> = {
    source: [t('wizard.next'), () => void w.afterSource()],
    passphrase: [t('wizard.next'), () => void w.afterPassphrase()],
    output: [t('wizard.convert'), w.convert],
    generate: [t('wizard.generate'), w.generate],
  };
  const primary = next[step];

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && step !== 'working' && close()}>
      <DialogSurface className={styles.surface} data-testid="key-wizard">
        <DialogBody>
          <DialogTitle>{t(`wizard.titles.${step}`)}</DialogTitle>
          <DialogContent className={styles.content}>
            {step === 'start' && (
              <div className={styles.choices}>
                <Button size="large" onClick={() => setStep('source')}>
                  {t('wizard.convertExisting')}
                </Button>
                <Button size="large" onClick={() => setStep('generate')}>
                  {t('wizard.generateNew')}
                </Button>
              </div>
            )}
            {step === 'source' && (
              <SourceStep path={source} error={err(errors.source)} onPath={w.setSource} />
            )}
            {info && (step === 'passphrase' || step === 'output') && <DetectedKey info={info} />}
            {step === 'passphrase' && (
              <Field
                label={t('wizard.passphrase')}
                hint={info ? t('wizard.passphraseHint') : t('wizard.passphraseIfAny')}
                validationMessage={err(errors.passphrase)}
              >
                <Input
                  type="password"
                  value={w.passphrase}
                  onChange={(_, d) => w.setPassphrase(d.value)}
                  data-testid="key-passphrase"
                />
              </Field>
            )}
            {step === 'output' && (
              <OutputStep
                value={output}
                errors={{ path: err(errors.path) }}
                onChange={(patch) =>
                  w.setOutput((o) => {
                    const merged = { ...o, ...patch };
                    // Follow the format with the default name unless the user typed their own.
                    if (patch.format && o.path === defaultOutputPath(source.trim(), o.format))
                      merged.path = defaultOutputPath(source.trim(), patch.format);
                    return merged;
                  })
                }
              />
            )}
            {step === 'generate' && (
              <GenerateStep
                value={w.gen}
                errors={{ confirm: err(errors.confirm), path: err(errors.path) }}
                onChange={(p) => w.setGen((g) => ({ ...g, ...p }))}
              />
            )}
            {step === 'working' && (
              <Field
                label={w.generating ? t('wizard.generating') : t('wizard.converting')}
                hint={t('wizard.slowHint')}
              >
                <ProgressBar aria-label={t('wizard.working')} />
              </Field>
            )}
            {step === 'done' && result && (
              <>
                <PublicKeyResult
                  publicKey={result.publicKeyLine}
                  fingerprint={result.key.fingerprint}
                  outputPath={result.outputPath}
                />
                <PasteChecker expected={result.publicKeyLine} />
              </>
            )}
            {w.failure && (
              <MessageBar intent="error">
                <MessageBarBody>{t(`errors.${w.failure}`, t('errors.internal'))}</MessageBarBody>
              </MessageBar>
            )}
            {step === 'start' && <Body1>{t('wizard.intro')}</Body1>}
          </DialogContent>
          <DialogActions>
            {back[step] && (
              <Button onClick={() => setStep(back[step] as Step)}>{t('wizard.back')}</Button>
            )}
            <Button disabled={step === 'working'} onClick={close}>
              {step === 'done' ? t('common.close') : t('common.cancel')}
            </Button>
            {primary && (
              <Button appearance="primary" onClick={primary[1]}>
                {primary[0]}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

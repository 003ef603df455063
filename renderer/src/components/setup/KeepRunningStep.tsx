import {
  Body1,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BootStatus, MigrationRunnerView } from '../../../../contract';
import { changeSettings, startTunnel } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { StepActions } from './StepActions';
import { RunnersFound } from './RunnersFound';
import { updateSetupProfile, useSetupProfile } from './useSetupProfile';

/** boot: the engine's boot service (before anyone signs in); login: with the app at sign-in. */
type When = 'boot' | 'login' | 'app';

/**
 * Step 6: how the tunnel survives a reboot — the provider's Task Scheduler step ("run whether
 * the user is logged on or not", trigger at startup) as one choice.
 */
export function KeepRunningStep() {
  const { t } = useTranslation();
  const [boot, setBoot] = useState<BootStatus | null>(null);
  const [when, setWhen] = useState<When>('boot');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const profileId = useSetupProfile()?.id;
  // What was already disabled when a later step failed: still shown, with its undo.
  const undone = useAppStore((s) => s.setupUndo);
  const [runners, setRunners] = useState<MigrationRunnerView[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());

  // What PuTTY already runs of this tunnel: offered for disabling before this one starts.
  useEffect(() => {
    if (!profileId) return;
    bridge()
      .migrationRunners(profileId)
      .then(
        (found) => {
          setRunners(found);
          setChosen(new Set(found.filter((r) => r.enabled).map((r) => r.location)));
        },
        () => setRunners([]),
      );
  }, [profileId]);

  useEffect(() => {
    bridge()
      .bootStatus()
      .then(
        (status) => {
          setBoot(status);
          if (!status.platform) setWhen('login');
        },
        () => setBoot({ installed: false, needsAdmin: false, platform: null }),
      );
  }, []);

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      if (when === 'boot' && !boot?.installed) await bridge().setBoot(true);
      if (when === 'login') {
        const failed = await changeSettings({ startAtLogin: true });
        if (failed) throw new Error(failed);
      }
      // PuTTY's copy stops before ours starts: never two tunnels to the proxy.
      // Each undo is kept as soon as its runner is disabled, so a later failure loses none.
      const undo: { name: string; undo: string }[] = [];
      for (const runner of runners.filter((r) => chosen.has(r.location))) {
        undo.push({ name: runner.name, ...(await bridge().disableRunner(runner.location)) });
        useAppStore.getState().setSetupUndo([...undo]);
      }
      // Every choice starts it with whatever runs the tunnels, from now on.
      const saved = await updateSetupProfile((p) => ({ ...p, autostart: true }));
      const failed = await startTunnel(saved.id);
      if (failed && failed !== 'already-running') throw new Error(failed);
      useAppStore.getState().setSetupStep('done');
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const noBoot = boot !== null && !boot.platform;
  return (
    <>
      <Body1 as="p">{t('setup.keepRunning.intro')}</Body1>
      <Field label={t('setup.keepRunning.question')}>
        <RadioGroup value={when} onChange={(_, d) => setWhen(d.value as When)}>
          <Radio
            value="boot"
            disabled={noBoot}
            label={t(
              boot?.installed ? 'setup.keepRunning.bootInstalled' : 'setup.keepRunning.boot',
            )}
          />
          <Radio value="login" label={t('setup.keepRunning.login')} />
          <Radio value="app" label={t('setup.keepRunning.app')} />
        </RadioGroup>
      </Field>
      {when === 'boot' && boot?.needsAdmin && !boot.installed && (
        <Caption1 as="p">{t('setup.keepRunning.admin')}</Caption1>
      )}
      {noBoot && <Caption1 as="p">{t('setup.keepRunning.noBoot')}</Caption1>}
      <RunnersFound
        runners={runners}
        chosen={chosen}
        onChange={(location, disable) => {
          const next = new Set(chosen);
          if (disable) next.add(location);
          else next.delete(location);
          setChosen(next);
        }}
      />
      {error && (
        <MessageBar intent="error" data-testid="setup-error">
          <MessageBarBody>
            {t(`errors.${error}`, t('errors.internal'))}
            {undone.map((u) => (
              <Caption1 as="p" key={u.name}>
                {t('setup.done.disabled', { name: u.name })} {u.undo}
              </Caption1>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      <StepActions
        next={{ label: t('setup.keepRunning.next'), busy, disabled: boot === null, onClick: apply }}
      />
    </>
  );
}

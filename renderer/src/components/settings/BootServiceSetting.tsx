import { Caption1, Field, makeStyles, Spinner, Switch } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BootStatus } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
});

/**
 * "Keep tunnels running at startup, even when nobody is signed in": the engine's boot service.
 * Its state is the OS's (main asks without rights); changing it makes the OS ask for
 * administrator rights. A refused prompt puts the switch back with a small note; any other
 * failure is said under it.
 */
export function BootServiceSetting() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [status, setStatus] = useState<BootStatus | null>(null);
  /** The state asked for while the change runs (the switch shows it). */
  const [pending, setPending] = useState<boolean | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'cancelled' | 'error'; code?: string } | null>(
    null,
  );

  useEffect(() => {
    let live = true;
    bridge()
      .bootStatus()
      .then(
        (answer) => live && setStatus(answer),
        // Unknown: the switch stays off and cannot be used.
        () => live && setStatus({ installed: false, needsAdmin: false, platform: null }),
      );
    return () => {
      live = false;
    };
  }, []);

  if (status?.platform === null) return null;

  async function change(enabled: boolean): Promise<void> {
    setPending(enabled);
    setOutcome(null);
    try {
      setStatus(await bridge().setBoot(enabled));
    } catch (error) {
      const code = errorCode(error);
      setOutcome(code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'error', code });
      // The OS is the truth: ask again what is installed now.
      await bridge()
        .bootStatus()
        .then(setStatus)
        .catch(() => undefined);
    } finally {
      setPending(null);
    }
  }

  const busy = pending !== null;
  const hint = status?.needsAdmin
    ? t(status.platform === 'windows' ? 'settings.bootHintWindows' : 'settings.bootHintPassword')
    : undefined;
  return (
    <Field
      hint={hint}
      validationState={outcome?.kind === 'error' ? 'error' : 'none'}
      validationMessage={
        outcome?.kind === 'error' ? t(`errors.${outcome.code ?? 'internal'}`) : undefined
      }
    >
      <div className={styles.row}>
        <Switch
          label={t('settings.bootService')}
          checked={pending ?? status?.installed ?? false}
          disabled={busy || status === null}
          onChange={(_, d) => void change(d.checked)}
        />
        {busy && <Spinner size="tiny" label={t('settings.bootBusy')} />}
      </div>
      {outcome?.kind === 'cancelled' && (
        <Caption1 role="status">{t('settings.bootCancelled')}</Caption1>
      )}
    </Field>
  );
}

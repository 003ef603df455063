import {
  Body1,
  Body1Strong,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresentedHostKey } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { StepActions } from './StepActions';
import { updateSetupProfile, useSetupProfile } from './useSetupProfile';

const useStyles = makeStyles({
  fingerprint: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase400,
    wordBreak: 'break-all',
    padding: '8px 12px',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** How the key the server presents compares with what the profile pins. */
type Verdict = 'pinned-match' | 'pinned-other' | 'changed' | 'unpinned';

function verdictOf(pinned: readonly string[], presented: string): Verdict {
  if (pinned.length === 0) return 'unpinned';
  if (pinned.includes(presented)) return 'pinned-match';
  // plink's -hostkey often pins the MD5 form: only the real connection (the test) compares it.
  return pinned.every((p) => !p.startsWith('SHA256:')) ? 'pinned-other' : 'changed';
}

/**
 * Step 4: the server's key fingerprint to compare with what the provider publishes, or the one
 * the script pinned (plink -hostkey). A key that differs from the pinned one stops here.
 */
export function HostKeyStep() {
  const { t } = useTranslation();
  const styles = useStyles();
  const profile = useSetupProfile();
  const pinned = profile?.hostKey.pinned ?? [];
  const [presented, setPresented] = useState<PresentedHostKey | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [putty, setPutty] = useState<PresentedHostKey>(null);
  const id = profile?.id;

  const fetchKey = useCallback(async () => {
    if (!id) return;
    setBusy(true);
    setError(null);
    try {
      setPresented(await bridge().presentedHostKey(id));
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  }, [id]);

  // Asked once on arrival; "try again" asks again.
  useEffect(() => {
    if (!id) return;
    let current = true;
    // What PuTTY on this computer accepted for this server before, to compare with.
    bridge()
      .puttyHostKey(id)
      .then(
        (key) => current && setPutty(key),
        () => undefined,
      );
    bridge()
      .presentedHostKey(id)
      .then(
        (key) => current && setPresented(key),
        (e: unknown) => current && setError(errorCode(e)),
      )
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [id]);

  const trust = async () => {
    if (!presented) return;
    setBusy(true);
    try {
      await updateSetupProfile((p) => ({
        ...p,
        hostKey: { ...p.hostKey, pinned: [presented.fingerprint] },
      }));
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const verdict = presented ? verdictOf(pinned, presented.fingerprint) : null;
  // PuTTY's cache is evidence, not a pin: a different key there stops the admin as a pin would.
  const puttySays =
    verdict === 'unpinned' && presented && putty
      ? putty.fingerprint === presented.fingerprint
        ? 'same'
        : 'different'
      : null;
  const canGoOn = verdict === 'pinned-match' || verdict === 'pinned-other';

  return (
    <>
      <Body1 as="p">{t('setup.hostKey.intro', { host: profile?.host, port: profile?.port })}</Body1>
      {busy && <Spinner size="tiny" label={t('setup.hostKey.asking')} />}
      {presented && (
        <>
          <Caption1>{t('setup.hostKey.presented', { type: presented.keyType })}</Caption1>
          <Body1Strong className={styles.fingerprint} data-testid="setup-host-fingerprint">
            {presented.fingerprint}
          </Body1Strong>
        </>
      )}
      {presented === null && !busy && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('setup.hostKey.noKey')}</MessageBarBody>
        </MessageBar>
      )}
      {verdict === 'unpinned' && !puttySays && (
        <MessageBar intent="info">
          <MessageBarBody>{t('setup.hostKey.compare')}</MessageBarBody>
        </MessageBar>
      )}
      {puttySays === 'same' && (
        <MessageBar intent="success" data-testid="setup-host-putty" data-putty="same">
          <MessageBarBody>{t('setup.hostKey.puttySame')}</MessageBarBody>
        </MessageBar>
      )}
      {puttySays === 'different' && (
        <MessageBar intent="error" data-testid="setup-host-putty" data-putty="different">
          <MessageBarBody>
            <MessageBarTitle>{t('setup.hostKey.changedTitle')}</MessageBarTitle>
            {t('setup.hostKey.puttyDifferent', { fingerprint: putty?.fingerprint })}
          </MessageBarBody>
        </MessageBar>
      )}
      {verdict === 'pinned-match' && (
        <MessageBar intent="success" data-testid="setup-host-verdict" data-verdict={verdict}>
          <MessageBarBody>{t('setup.hostKey.matches')}</MessageBarBody>
        </MessageBar>
      )}
      {verdict === 'pinned-other' && (
        <MessageBar intent="info" data-testid="setup-host-verdict" data-verdict={verdict}>
          <MessageBarBody>{t('setup.hostKey.md5', { pinned: pinned.join(', ') })}</MessageBarBody>
        </MessageBar>
      )}
      {verdict === 'changed' && (
        <MessageBar intent="error" data-testid="setup-host-verdict" data-verdict={verdict}>
          <MessageBarBody>
            <MessageBarTitle>{t('setup.hostKey.changedTitle')}</MessageBarTitle>
            {t('setup.hostKey.changed', { pinned: pinned.join(', ') })}
          </MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        {verdict === 'unpinned' && puttySays !== 'different' && (
          <Button appearance="primary" onClick={() => void trust()} data-testid="setup-trust">
            {t('setup.hostKey.trust')}
          </Button>
        )}{' '}
        {(presented === null || error) && (
          <Button onClick={() => void fetchKey()}>{t('setup.tryAgain')}</Button>
        )}
      </div>
      <StepActions
        next={{
          disabled: !canGoOn || busy,
          onClick: () => useAppStore.getState().setSetupStep('test'),
        }}
      />
    </>
  );
}

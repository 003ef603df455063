import { Body1, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyInfo } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { PasteChecker } from '../keys/PasteChecker';
import { PublicKeyResult } from '../keys/PublicKeyResult';
import { StepActions } from './StepActions';
import { useSetupProfile } from './useSetupProfile';

/** Step 3: the one line for the provider's page, and a check of what the page shows back. */
export function PublicKeyStep() {
  const { t } = useTranslation();
  const keyFile = useSetupProfile()?.auth.keyFile;
  const [info, setInfo] = useState<KeyInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!keyFile) return;
    // The public half is readable without the passphrase (PPK and OpenSSH keep it in clear).
    bridge()
      .inspectKey(keyFile)
      .then(setInfo, (e: unknown) => setError(errorCode(e)));
  }, [keyFile]);

  return (
    <>
      <Body1 as="p">{t('setup.publicKey.intro')}</Body1>
      {!info && !error && keyFile && <Spinner size="tiny" />}
      {info && <PublicKeyResult publicKey={info.publicKey} fingerprint={info.fingerprint} />}
      {info && <PasteChecker expected={info.publicKey} />}
      {(error || !keyFile) && (
        <MessageBar intent="error">
          <MessageBarBody>
            {t(`errors.${error ?? 'not-found'}`, t('errors.internal'))}
          </MessageBarBody>
        </MessageBar>
      )}
      <StepActions
        next={{
          label: t('setup.publicKey.next'),
          disabled: !info,
          onClick: () => useAppStore.getState().setSetupStep('hostKey'),
        }}
      />
    </>
  );
}

import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKeyDecision } from '../../../contract';
import { bridge, errorCode } from '../bridge';
import { useAppStore } from '../store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', display: 'block' },
});

/**
 * First connection: show the server's key so the admin can compare it with the provider's page.
 * A changed key is a red, blocking warning: the only way out is Cancel.
 */
export function HostKeyDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const prompt = useAppStore((s) => s.hostKeyPrompt);
  const setPrompt = useAppStore((s) => s.setHostKeyPrompt);
  const [error, setError] = useState<string | null>(null);
  if (!prompt) return null;
  const changed = Boolean(prompt.previousFingerprint);

  // The dialog stays until main has the answer, so a refused one is said, not lost.
  const answer = async (decision: HostKeyDecision) => {
    try {
      await bridge().answerHostKey(prompt.tunnelId, decision);
      setError(null);
      setPrompt(null);
    } catch (e) {
      setError(errorCode(e));
    }
  };

  return (
    <Dialog open modalType="alert">
      <DialogSurface data-testid="hostkey-dialog" data-changed={changed}>
        <DialogBody>
          <DialogTitle>{changed ? t('hostkey.changedTitle') : t('hostkey.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            {changed && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('hostkey.changedWarning')}</MessageBarTitle>
                  {t('hostkey.changedBody')}
                </MessageBarBody>
              </MessageBar>
            )}
            <Body1>{t('hostkey.server', { host: prompt.host, port: prompt.port })}</Body1>
            <Caption1>
              {t('hostkey.type')} <span className={styles.mono}>{prompt.keyType}</span>
            </Caption1>
            <Caption1>
              {t('hostkey.fingerprint')}
              <span className={styles.mono} data-testid="hostkey-fingerprint">
                {prompt.fingerprint}
              </span>
            </Caption1>
            {changed && (
              <Caption1>
                {t('hostkey.previous')}
                <span className={styles.mono}>{prompt.previousFingerprint}</span>
              </Caption1>
            )}
            {!changed && <Body1>{t('hostkey.compare')}</Body1>}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {!changed && (
              <>
                <Button appearance="primary" onClick={() => void answer('always')}>
                  {t('hostkey.always')}
                </Button>
                <Button onClick={() => void answer('once')}>{t('hostkey.once')}</Button>
              </>
            )}
            <Button
              appearance={changed ? 'primary' : 'secondary'}
              onClick={() => void answer('cancel')}
            >
              {t('common.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

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
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeySummary } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/**
 * Unlocks a key once into the built-in agent (what Pageant did). The passphrase goes to main in
 * the one request and is dropped here when the dialog closes; a wrong one is said at the field.
 */
export function UnlockKeyDialog({
  keySummary,
  open,
  onClose,
}: {
  keySummary: KeySummary;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const updateKey = useAppStore((s) => s.updateKey);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The dialog stays mounted while closed: what was typed is dropped as it closes.
  const close = () => {
    setPassphrase('');
    setError(null);
    onClose();
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      const key = await bridge().unlockKey(
        keySummary.path,
        passphrase === '' ? undefined : passphrase,
      );
      setPassphrase('');
      updateKey(key);
      onClose();
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && close()}>
      <DialogSurface aria-label={t('keys.unlockTitle')}>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t('keys.unlockTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              <Body1>{t('keys.unlockBody')}</Body1>
              <Body1 className={styles.mono}>
                {keySummary.comment || keySummary.fingerprint} · {keySummary.path}
              </Body1>
              <Field
                label={t('keys.passphrase')}
                validationMessage={error ? t(`errors.${error}`, t('errors.internal')) : undefined}
                validationState={error ? 'error' : 'none'}
              >
                <Input
                  type="password"
                  autoFocus
                  value={passphrase}
                  onChange={(_, d) => {
                    setPassphrase(d.value);
                    setError(null);
                  }}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy}>
                {t('keys.unlock')}
              </Button>
              <Button onClick={close}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

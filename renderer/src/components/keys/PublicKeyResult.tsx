import {
  Body1,
  Button,
  Caption1,
  Field,
  makeStyles,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../lib/download';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  key: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  row: { display: 'flex', gap: '8px', alignItems: 'center' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/**
 * The one-line public key exactly as the provider wants it, with a copy button: copying from a
 * text editor is how the first or last characters get lost.
 */
export function PublicKeyResult({
  publicKey,
  fingerprint,
  outputPath,
}: {
  publicKey: string;
  fingerprint: string;
  outputPath?: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className={styles.root} data-testid="public-key-result">
      {outputPath && <Body1>{t('wizard.savedTo', { path: outputPath })}</Body1>}
      <Field label={t('wizard.publicKey')} hint={t('wizard.publicKeyHint')}>
        <Textarea
          className={styles.key}
          readOnly
          rows={3}
          value={publicKey}
          data-testid="public-key-line"
        />
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          onClick={() => void copyText(publicKey).then((ok) => setCopied(ok))}
        >
          {t('wizard.copy')}
        </Button>
        <span role="status" aria-live="polite">
          {copied === true && <Caption1>{t('wizard.copied')}</Caption1>}
          {copied === false && <Caption1>{t('errors.clipboard')}</Caption1>}
        </span>
      </div>
      <Caption1>
        {t('wizard.fingerprint')}{' '}
        <span className={styles.mono} data-testid="key-fingerprint">
          {fingerprint}
        </span>
      </Caption1>
    </div>
  );
}

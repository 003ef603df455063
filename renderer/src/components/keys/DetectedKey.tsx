import {
  Caption1,
  MessageBar,
  MessageBarBody,
  tokens,
  makeStyles,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { KeyInfo } from '../../../../contract';

const useStyles = makeStyles({ mono: { fontFamily: tokens.fontFamilyMonospace } });

/** "Detected: PuTTY key (PPK v3) · ssh-ed25519 256 bits · encrypted" */
export function DetectedKey({ info }: { info: KeyInfo }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <MessageBar intent="info" data-testid="key-detected">
      <MessageBarBody>
        {t('wizard.detected', {
          format: t(`keyFormats.${info.format}`, info.format),
          type: info.keyType,
          bits: info.bits,
        })}
        {info.encrypted ? ` · ${t('keys.encrypted')}` : ''}
        {info.fingerprint && (
          <Caption1 as="p" className={styles.mono}>
            {info.fingerprint}
          </Caption1>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

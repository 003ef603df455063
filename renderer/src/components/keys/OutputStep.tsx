import {
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { OutputFormat } from '../../lib/keyPaths';

const FORMATS: OutputFormat[] = ['openssh', 'ppk3', 'ppk2', 'pem'];

export interface OutputChoice {
  format: OutputFormat;
  path: string;
  newPassphrase: string;
}

/** What to produce: OpenSSH for the provider, PPK for PuTTY tools, PEM for older software. */
export function OutputStep({
  value,
  errors,
  onChange,
}: {
  value: OutputChoice;
  errors: { path?: string };
  onChange(patch: Partial<OutputChoice>): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('wizard.outputFormat')}>
        <RadioGroup
          value={value.format}
          onChange={(_, d) => onChange({ format: d.value as OutputFormat })}
        >
          {FORMATS.map((format) => (
            <Radio key={format} value={format} label={t(`wizard.formats.${format}`)} />
          ))}
        </RadioGroup>
      </Field>
      <Field label={t('wizard.outputPath')} validationMessage={errors.path}>
        <Input
          value={value.path}
          onChange={(_, d) => onChange({ path: d.value })}
          data-testid="key-output"
        />
      </Field>
      <Field label={t('wizard.newPassphrase')} hint={t('wizard.newPassphraseHint')}>
        <Input
          type="password"
          value={value.newPassphrase}
          onChange={(_, d) => onChange({ newPassphrase: d.value })}
        />
      </Field>
      {!value.newPassphrase && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('wizard.unencrypted')}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

import { Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { GenerateKeyRequest } from '../../../../contract';

export interface GenerateChoice {
  type: GenerateKeyRequest['type'];
  bits: string;
  comment: string;
  format: 'openssh' | 'ppk3';
  passphrase: string;
  confirm: string;
  path: string;
}

const TYPES: GenerateChoice['type'][] = [
  'ed25519',
  'rsa',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
];

export function GenerateStep({
  value,
  errors,
  onChange,
}: {
  value: GenerateChoice;
  errors: Partial<Record<keyof GenerateChoice, string>>;
  onChange(patch: Partial<GenerateChoice>): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('wizard.keyType')} hint={t('wizard.keyTypeHint')}>
        <Select
          value={value.type}
          onChange={(_, d) => onChange({ type: d.value as GenerateChoice['type'] })}
        >
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`wizard.types.${type}`)}
            </option>
          ))}
        </Select>
      </Field>
      {value.type === 'rsa' && (
        <Field label={t('wizard.bits')} validationMessage={errors.bits}>
          <Select value={value.bits} onChange={(_, d) => onChange({ bits: d.value })}>
            {['2048', '3072', '4096'].map((bits) => (
              <option key={bits}>{bits}</option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('wizard.comment')}>
        <Input value={value.comment} onChange={(_, d) => onChange({ comment: d.value })} />
      </Field>
      <Field label={t('wizard.outputFormat')}>
        <RadioGroup
          layout="horizontal"
          value={value.format}
          onChange={(_, d) => onChange({ format: d.value as GenerateChoice['format'] })}
        >
          <Radio value="openssh" label={t('wizard.formats.openssh')} />
          <Radio value="ppk3" label={t('wizard.formats.ppk3')} />
        </RadioGroup>
      </Field>
      <Field label={t('wizard.newPassphrase')} hint={t('wizard.newPassphraseHint')}>
        <Input
          type="password"
          value={value.passphrase}
          onChange={(_, d) => onChange({ passphrase: d.value })}
        />
      </Field>
      <Field label={t('wizard.confirmPassphrase')} validationMessage={errors.confirm}>
        <Input
          type="password"
          value={value.confirm}
          onChange={(_, d) => onChange({ confirm: d.value })}
        />
      </Field>
      <Field label={t('wizard.outputPath')} validationMessage={errors.path}>
        <Input value={value.path} onChange={(_, d) => onChange({ path: d.value })} />
      </Field>
    </>
  );
}

import {
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicKeyCheck } from '../../../../contract';
import { bridge } from '../../bridge';
import { keyIdentity } from '../../lib/keyPaths';

const useStyles = makeStyles({ text: { fontFamily: tokens.fontFamilyMonospace } });

type Verdict =
  | { kind: 'match' }
  | { kind: 'differs' }
  | { kind: 'problem'; problem: string; suggestion?: string | null }
  | { kind: 'ok'; fingerprint?: string | null };

/** The core's check wins on what is wrong with a paste; the comparison with our key is local. */
export function decide(
  pasted: string,
  expected: string | undefined,
  check: PublicKeyCheck | null,
): Verdict | null {
  if (!pasted) return null;
  if (check && !check.ok && check.problem)
    return { kind: 'problem', problem: check.problem, suggestion: check.suggestion };
  if (!expected) return check?.ok ? { kind: 'ok', fingerprint: check.fingerprint } : null;
  if (keyIdentity(pasted) === keyIdentity(expected)) return { kind: 'match' };
  if (
    /[\r\n]/.test(pasted) &&
    keyIdentity(pasted.replace(/\s*[\r\n]+\s*/g, '')) === keyIdentity(expected)
  )
    return { kind: 'problem', problem: 'line-breaks' };
  return { kind: 'differs' };
}

/**
 * The admin pastes back what the provider's page shows; we say whether it is this key, or what
 * went wrong with the paste (cut off, line breaks, a private key by mistake).
 */
export function PasteChecker({ expected }: { expected?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{ text: string; check: PublicKeyCheck } | null>(null);
  const pasted = text.trim();

  useEffect(() => {
    if (!pasted) return;
    let live = true;
    void bridge()
      .checkPublicKey(pasted)
      .then(
        (check) => live && setChecked({ text: pasted, check }),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [pasted]);

  const verdict = decide(pasted, expected, checked?.text === pasted ? checked.check : null);
  const intent = verdict?.kind === 'match' || verdict?.kind === 'ok' ? 'success' : 'error';
  return (
    <>
      <Field label={t('wizard.check.label')} hint={t('wizard.check.hint')}>
        <Textarea
          className={styles.text}
          rows={2}
          value={text}
          onChange={(_, d) => setText(d.value)}
        />
      </Field>
      {verdict && (
        <MessageBar intent={intent} data-testid="paste-verdict">
          <MessageBarBody>
            {verdict.kind === 'problem'
              ? t(`wizard.check.problems.${verdict.problem}`, t('wizard.check.problems.other'))
              : t(`wizard.check.${verdict.kind}`, {
                  fingerprint: verdict.kind === 'ok' ? (verdict.fingerprint ?? '') : '',
                })}
            {verdict.kind === 'problem' && verdict.suggestion && (
              <code className={styles.text}>
                {' '}
                {t('wizard.check.suggestion')} {verdict.suggestion}
              </code>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

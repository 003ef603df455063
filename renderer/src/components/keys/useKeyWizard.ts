import { useState } from 'react';
import type { KeyInfo, KeyResult } from '../../../../contract';
import { refreshKeys } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import { defaultGeneratePath, defaultOutputPath, isAbsolutePath } from '../../lib/keyPaths';
import type { GenerateChoice } from './GenerateStep';
import type { OutputChoice } from './OutputStep';

export type Step = 'start' | 'source' | 'passphrase' | 'output' | 'generate' | 'working' | 'done';

/**
 * The wizard's state and its calls to main. Errors are translation keys per field; a failure
 * sends the user back to the step that can fix it (a wrong passphrase to the passphrase).
 */
export function useKeyWizard(folder: string) {
  const [step, setStep] = useState<Step>('start');
  const [source, setSource] = useState('');
  const [info, setInfo] = useState<KeyInfo | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [output, setOutput] = useState<OutputChoice>({
    format: 'openssh',
    path: '',
    newPassphrase: '',
  });
  const [gen, setGen] = useState<GenerateChoice>({
    type: 'ed25519',
    bits: '4096',
    comment: '',
    format: 'openssh',
    passphrase: '',
    confirm: '',
    path: folder ? defaultGeneratePath(folder, 'ed25519', 'openssh') : '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<KeyResult | null>(null);
  const [generating, setGenerating] = useState(false);
  const api = bridge();

  const fail = (code: string, home: Step = 'output') => {
    if (code === 'wrong-passphrase' || code === 'key-locked') {
      setErrors({ passphrase: `errors.${code}` });
      setStep('passphrase');
    } else if (code === 'key-unreadable' || code === 'unsupported' || code === 'corrupt') {
      setErrors({ source: `errors.${code}` });
      setStep('source');
    } else {
      setFailure(code);
      setStep(home);
    }
  };

  const afterSource = async () => {
    if (!isAbsolutePath(source.trim())) {
      setErrors({ source: 'validation.absolutePath' });
      return;
    }
    setErrors({});
    setOutput((o) => ({ ...o, path: o.path || defaultOutputPath(source.trim(), o.format) }));
    try {
      const found = await api.inspectKey(source.trim());
      setInfo(found);
      setStep(found.encrypted ? 'passphrase' : 'output');
    } catch (e) {
      const code = errorCode(e);
      if (code === 'key-locked') setStep('passphrase');
      else setErrors({ source: `errors.${code}` });
    }
  };

  const afterPassphrase = async () => {
    setErrors({});
    if (!passphrase) return setStep('output');
    try {
      setInfo(await api.inspectKey(source.trim(), passphrase));
      setStep('output');
    } catch (e) {
      fail(errorCode(e));
    }
  };

  const run = async (job: () => Promise<KeyResult>, home: Step) => {
    setFailure(null);
    setStep('working');
    try {
      setResult(await job());
      setStep('done');
      void refreshKeys();
    } catch (e) {
      fail(errorCode(e), home);
    }
  };

  const convert = () => {
    if (!isAbsolutePath(output.path.trim())) {
      setErrors({ path: 'validation.absolutePath' });
      return;
    }
    setGenerating(false);
    void run(
      () =>
        api.convertKey({
          sourcePath: source.trim(),
          ...(passphrase ? { passphrase } : {}),
          targetFormat: output.format,
          outputPath: output.path.trim(),
          ...(output.newPassphrase ? { newPassphrase: output.newPassphrase } : {}),
        }),
      'output',
    );
  };

  const generate = () => {
    const found: Record<string, string> = {};
    if (gen.passphrase !== gen.confirm) found.confirm = 'validation.passphraseMismatch';
    if (!isAbsolutePath(gen.path.trim())) found.path = 'validation.absolutePath';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setGenerating(true);
    void run(
      () =>
        api.generateKey({
          type: gen.type,
          ...(gen.type === 'rsa' ? { bits: Number(gen.bits) } : {}),
          comment: gen.comment,
          format: gen.format,
          outputPath: gen.path.trim(),
          ...(gen.passphrase ? { passphrase: gen.passphrase } : {}),
        }),
      'generate',
    );
  };

  return {
    step,
    setStep,
    source,
    setSource,
    info,
    passphrase,
    setPassphrase,
    output,
    setOutput,
    gen,
    setGen,
    errors,
    failure,
    result,
    generating,
    afterSource,
    afterPassphrase,
    convert,
    generate,
  };
}

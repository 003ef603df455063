import {
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyInfo, PageantKeyView } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { isAbsolutePath } from '../../lib/keyPaths';
import { useAppStore } from '../../store';
import { DetectedKey } from '../keys/DetectedKey';
import { copyPaths } from './keyCopyPath';
import { StepActions } from './StepActions';
import { updateSetupProfile, useSetupProfile } from './useSetupProfile';

/** copy: an unencrypted OpenSSH copy only this user can read, so the tunnel starts unattended. */
type Keep = 'copy' | 'passphrase';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

const dirOf = (file: string) => file.replace(/[\\/][^\\/]*$/, '');

/** Step 2: the key the script names (any format), opened once; or a new one. */
export function KeyStep() {
  const { t } = useTranslation();
  const styles = useStyles();
  const profile = useSetupProfile();
  const configPath = useAppStore((s) => s.paths?.config ?? '');
  const keyFile = profile?.auth.keyFile ?? '';
  const [path, setPath] = useState(keyFile);
  const [info, setInfo] = useState<KeyInfo | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [keep, setKeep] = useState<Keep>('copy');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pageant, setPageant] = useState<PageantKeyView[]>([]);
  const usesPageant = !keyFile || profile?.auth.agent === true;

  // The keys Pageant loaded at startup: the key a plink script without -i was using.
  useEffect(() => {
    if (!usesPageant) return;
    bridge()
      .pageantKeys()
      .then(setPageant, () => setPageant([]));
  }, [usesPageant]);

  const inspect = useCallback(async (file: string, secret?: string) => {
    setBusy(true);
    setError(null);
    try {
      setInfo(await bridge().inspectKey(file, secret));
    } catch (e) {
      // A wrong passphrase keeps what is known of the key (and the field to try again).
      if (secret === undefined) setInfo(null);
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  }, []);

  // The key the profile names, read as soon as it names one (again after another is chosen).
  useEffect(() => {
    if (!keyFile) return;
    let current = true;
    bridge()
      .inspectKey(keyFile)
      .then(
        (read) => current && setInfo(read),
        (e: unknown) => current && setError(errorCode(e)),
      );
    return () => {
      current = false;
    };
  }, [keyFile]);

  const locked = !!info && info.encrypted && !info.unlocked;
  const opened = !!info && info.encrypted && info.unlocked;

  const chooseKeyFile = async (file: string) => {
    setPath(file);
    setInfo(null);
    setPassphrase('');
    if (!isAbsolutePath(file)) return setError('path-not-absolute');
    await updateSetupProfile((p) => ({ ...p, auth: { ...p.auth, keyFile: file, agent: false } }));
  };

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const folder = keyFile ? dirOf(keyFile) : dirOf(configPath);
      const result = await bridge().generateKey({
        type: 'ed25519',
        format: 'openssh',
        comment: `tunnelkeeper ${profile?.user ?? ''}@${profile?.host ?? ''}`.trim(),
        outputPath: `${folder}${folder.includes('\\') ? '\\' : '/'}id_ed25519_${profile?.id ?? 'tunnel'}`,
      });
      await chooseKeyFile(result.outputPath);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  /** An encrypted key: an unattended copy, or the passphrase kept and the key unlocked now. */
  const next = async () => {
    if (!info || !profile) return;
    setBusy(true);
    setError(null);
    try {
      if (info.encrypted && keep === 'copy') {
        let written: string | undefined;
        for (const outputPath of copyPaths(keyFile)) {
          try {
            written = (
              await bridge().convertKey({
                sourcePath: keyFile,
                passphrase,
                targetFormat: 'openssh',
                outputPath,
              })
            ).outputPath;
            break;
          } catch (e) {
            if (errorCode(e) !== 'file-exists') throw e;
          }
        }
        if (!written) throw new Error('file-exists');
        await updateSetupProfile((p) => ({
          ...p,
          auth: { ...p.auth, keyFile: written, agent: false },
        }));
      } else if (info.encrypted) {
        await bridge().unlockKey(keyFile, passphrase);
      }
      useAppStore.getState().setSetupStep('publicKey');
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className={styles.row}>
        <Field label={t('setup.key.file')} className={styles.grow} hint={t('setup.key.fileHint')}>
          <Input
            className={styles.mono}
            value={path}
            onChange={(_, d) => setPath(d.value)}
            data-testid="setup-key-path"
          />
        </Field>
        <Button disabled={!path || path === keyFile} onClick={() => void chooseKeyFile(path)}>
          {t('setup.key.use')}
        </Button>
        <Button
          onClick={() =>
            void bridge()
              .chooseFile('key')
              .then((chosen) => (chosen ? chooseKeyFile(chosen) : undefined))
          }
        >
          {t('setup.key.browse')}
        </Button>
        <Button onClick={() => void generate()} disabled={busy}>
          {t('setup.key.generate')}
        </Button>
      </div>
      {pageant.filter((k) => k.path !== keyFile).length > 0 && (
        <div data-testid="setup-pageant-keys">
          <Caption1 as="p">{t('setup.key.pageant')}</Caption1>
          {pageant
            .filter((k) => k.path !== keyFile)
            .map((k) => (
              <div key={k.path} className={styles.row}>
                <Caption1 className={styles.mono}>{k.path}</Caption1>
                <Button size="small" onClick={() => void chooseKeyFile(k.path)}>
                  {t('setup.key.use')}
                </Button>
              </div>
            ))}
        </div>
      )}
      {busy && <Spinner size="tiny" label={t('setup.key.working')} />}
      {info && <DetectedKey info={info} />}
      {locked && (
        <div className={styles.row}>
          <Field label={t('setup.key.passphrase')} className={styles.grow}>
            <Input
              type="password"
              value={passphrase}
              onChange={(_, d) => setPassphrase(d.value)}
              data-testid="setup-passphrase"
              onKeyDown={(e) => e.key === 'Enter' && void inspect(keyFile, passphrase)}
            />
          </Field>
          <Button disabled={!passphrase || busy} onClick={() => void inspect(keyFile, passphrase)}>
            {t('setup.key.open')}
          </Button>
        </div>
      )}
      {opened && (
        <Field label={t('setup.key.keepQuestion')}>
          <RadioGroup value={keep} onChange={(_, d) => setKeep(d.value as Keep)}>
            <Radio value="copy" label={t('setup.key.keep.copy', { path: copyPaths(keyFile)[0] })} />
            <Radio value="passphrase" label={t('setup.key.keep.passphrase')} />
          </RadioGroup>
        </Field>
      )}
      {info && !info.encrypted && (
        <Caption1 as="p">{t('setup.key.plainNote', { path: keyFile })}</Caption1>
      )}
      {!keyFile && !busy && (
        <MessageBar intent="info">
          <MessageBarBody>{t('setup.key.none')}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" data-testid="setup-error">
          <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
        </MessageBar>
      )}
      <StepActions next={{ disabled: !info || locked || busy, busy, onClick: next }} />
    </>
  );
}

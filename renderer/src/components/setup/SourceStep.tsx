import {
  Body1,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ImportSource, Profile } from '../../../../contract';
import { saveProfile } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { ImportPreviewList } from '../form/ImportPreviewList';
import { StepActions } from './StepActions';
import { useSetupProfile } from './useSetupProfile';

type Have = 'script' | 'putty' | 'license' | 'nothing';
const HAVE: Have[] = ['script', 'putty', 'license', 'nothing'];
const SOURCE: Record<Have, ImportSource> = {
  script: 'auto',
  putty: 'putty-reg',
  license: 'auto',
  nothing: 'plink',
};

const useStyles = makeStyles({
  drop: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '8px',
  },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  hidden: { display: 'none' },
});

/** The form's fields become a plink command line, read by the same importer as a script. */
function formCommand(f: { host: string; port: string; user: string; forwards: string }): string {
  const port = f.port.trim() && f.port.trim() !== '22' ? ` -P ${f.port.trim()}` : '';
  return `plink -ssh${port} ${f.user.trim()}@${f.host.trim()} ${f.forwards.trim()} -N`;
}

/** Step 1: the provider's script or command, a PuTTY session, a license file, or a form. */
export function SourceStep() {
  const { t } = useTranslation();
  const styles = useStyles();
  const existing = useSetupProfile();
  const [have, setHave] = useState<Have>(() =>
    useAppStore.getState().setupStartWith === 'putty' ? 'putty' : 'script',
  );
  const onWindows = useAppStore((s) => s.appInfo?.platform === 'win32');
  const [text, setText] = useState('');
  const [proxy, setProxy] = useState({ host: '', port: '22', user: '', forwards: '' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [chosen, setChosen] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const needsProxy = have === 'license' || have === 'nothing';
  const input = have === 'nothing' ? formCommand(proxy) : text;
  const ready =
    have === 'nothing'
      ? proxy.host.trim() !== '' && proxy.user.trim() !== '' && proxy.forwards.trim() !== ''
      : text.trim() !== '' && (have !== 'license' || (proxy.host.trim() && proxy.user.trim()));

  /** One reading: the pasted text, or (PuTTY on Windows) the sessions in this computer's registry. */
  const read = async (source: () => Promise<ImportPreview>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await source();
      setPreview(result);
      setChosen(0);
      if (result.profiles.length === 0) setError('nothing-found');
    } catch (e) {
      setPreview(null);
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const picked = preview?.profiles[chosen];
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      // The license file names the ports, not the SSH server: that comes from the fields.
      let profile: Profile = picked;
      if (have === 'license')
        profile = {
          ...profile,
          host: proxy.host.trim(),
          port: Number(proxy.port) || 22,
          user: proxy.user.trim(),
        };
      // The preview's ids are already unique against the config (main gives it the taken ids);
      // re-reading on the way back replaces the draft's profile rather than adding another.
      const id = existing?.id ?? profile.id;
      // Nothing starts before the last steps decide how it should run.
      const saved = await saveProfile({ ...profile, id, autostart: false });
      const store = useAppStore.getState();
      store.setSetupProfile(saved.id);
      store.setSetupStep('key');
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (chosenFile: File | undefined) => {
    if (!chosenFile) return;
    setText(await chosenFile.text());
    setPreview(null);
  };

  return (
    <>
      {existing && (
        <MessageBar intent="info">
          <MessageBarBody>{t('setup.source.saved', { name: existing.name })}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t('setup.source.question')}>
        <RadioGroup
          value={have}
          onChange={(_, d) => {
            setHave(d.value as Have);
            setPreview(null);
            setError(null);
          }}
        >
          {HAVE.map((h) => (
            <Radio key={h} value={h} label={t(`setup.source.have.${h}`)} />
          ))}
        </RadioGroup>
      </Field>
      {have === 'putty' && onWindows && (
        <div>
          <Button
            appearance="primary"
            onClick={() => void read(() => bridge().puttySessions())}
            disabled={busy}
          >
            {t('setup.source.readRegistry')}
          </Button>
        </div>
      )}
      {have !== 'nothing' && (
        <div
          className={styles.drop}
          data-testid="setup-drop"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void readFile(e.dataTransfer.files[0]);
          }}
        >
          <Field label={t(`setup.source.paste.${have}`)} hint={t('setup.source.dropHint')}>
            <Textarea
              className={styles.mono}
              rows={5}
              resize="vertical"
              value={text}
              data-testid="setup-text"
              onChange={(_, d) => {
                setText(d.value);
                setPreview(null);
              }}
            />
          </Field>
          <Button onClick={() => file.current?.click()}>{t('setup.source.openFile')}</Button>
          <input
            ref={file}
            type="file"
            className={styles.hidden}
            tabIndex={-1}
            aria-hidden="true"
            data-testid="setup-file"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </div>
      )}
      {needsProxy && (
        <div className={styles.row}>
          <Field label={t('setup.source.host')} required>
            <Input
              value={proxy.host}
              onChange={(_, d) => setProxy({ ...proxy, host: d.value })}
              placeholder="clp.tunnel.example.com"
            />
          </Field>
          <Field label={t('setup.source.port')}>
            <Input
              value={proxy.port}
              onChange={(_, d) => setProxy({ ...proxy, port: d.value })}
              size="small"
            />
          </Field>
          <Field label={t('setup.source.user')} required>
            <Input value={proxy.user} onChange={(_, d) => setProxy({ ...proxy, user: d.value })} />
          </Field>
        </div>
      )}
      {have === 'nothing' && (
        <Field label={t('setup.source.forwards')} hint={t('setup.source.forwardsHint')} required>
          <Input
            className={styles.mono}
            value={proxy.forwards}
            onChange={(_, d) => setProxy({ ...proxy, forwards: d.value })}
            placeholder="-R 1055:licsrv:1055 -R 49281:licsrv:49281"
          />
        </Field>
      )}
      <div className={styles.row}>
        <Button
          disabled={!ready || busy}
          onClick={() => void read(() => bridge().previewImport(SOURCE[have], input))}
          data-testid="setup-read"
        >
          {t('setup.source.read')}
        </Button>
        {have === 'nothing' && (
          <Body1>
            <Button
              appearance="transparent"
              onClick={() => {
                useAppStore.getState().closeSetup();
                useAppStore.getState().setEditing({ mode: 'new' });
              }}
            >
              {t('setup.source.fullForm')}
            </Button>
          </Body1>
        )}
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t(`errors.${error}`, t('setup.source.failed'))}</MessageBarBody>
        </MessageBar>
      )}
      {preview && preview.profiles.length > 1 && (
        <Field label={t('setup.source.which')}>
          <RadioGroup value={String(chosen)} onChange={(_, d) => setChosen(Number(d.value))}>
            {preview.profiles.map((p, i) => (
              <Radio key={p.id} value={String(i)} label={`${p.name} (${p.user}@${p.host})`} />
            ))}
          </RadioGroup>
        </Field>
      )}
      {preview && preview.profiles.length > 0 && <ImportPreviewList preview={preview} />}
      <StepActions
        next={{
          label: t('setup.source.next'),
          disabled: !preview || preview.profiles.length === 0,
          busy,
          onClick: save,
        }}
      />
    </>
  );
}

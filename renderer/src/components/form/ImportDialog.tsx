import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveProfile } from '../../actions';
import type { ImportPreview, ImportSource } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { idFromName } from '../../lib/profileForm';
import { useShallow } from 'zustand/react/shallow';
import { useRestoreFocus } from '../../lib/useRestoreFocus';
import { useAppStore } from '../../store';
import { ImportPreviewList } from './ImportPreviewList';

const SOURCES: ImportSource[] = [
  'auto',
  'plink',
  'ssh',
  'putty-reg',
  'ssh-config',
  'flexlm',
  'rlm',
];

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '95vw' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px', maxHeight: '70vh' },
  row: { display: 'flex', gap: '8px', alignItems: 'end' },
  hidden: { display: 'none' },
  text: { fontFamily: 'monospace' },
});

/** "Paste a command" and "Import…": preview what will be created, then create it. */
export function ImportDialog() {
  const open = useAppStore((s) => s.importOpen);
  return open ? <ImportForm /> : null;
}

function ImportForm() {
  useRestoreFocus();
  const { t } = useTranslation();
  const styles = useStyles();
  const close = () => useAppStore.getState().setImportOpen(false);
  const taken = useAppStore(useShallow((s) => s.profiles.map((p) => p.id)));
  const [source, setSource] = useState<ImportSource>('auto');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const runPreview = async () => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await bridge().previewImport(source, text));
    } catch (e) {
      setPreview(null);
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const ids = [...taken];
      for (const profile of preview.profiles) {
        // Ids stay unique against what is already configured.
        const id = ids.includes(profile.id) ? idFromName(profile.id, ids) : profile.id;
        ids.push(id);
        await saveProfile({ ...profile, id });
      }
      close();
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (chosen: File | undefined) => {
    if (!chosen) return;
    setText(await chosen.text());
    setPreview(null);
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('import.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <div className={styles.row}>
              <Field label={t('import.source')}>
                <Select value={source} onChange={(_, d) => setSource(d.value as ImportSource)}>
                  {SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {t(`import.sources.${s}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button onClick={() => file.current?.click()}>{t('import.openFile')}</Button>
              <input
                ref={file}
                type="file"
                className={styles.hidden}
                tabIndex={-1}
                aria-hidden="true"
                onChange={(e) => void readFile(e.target.files?.[0])}
              />
            </div>
            <Field label={t('import.paste')} hint={t('import.pasteHint')}>
              <Textarea
                className={styles.text}
                rows={5}
                resize="vertical"
                value={text}
                onChange={(_, d) => {
                  setText(d.value);
                  setPreview(null);
                }}
              />
            </Field>
            {busy && <Spinner size="tiny" label={t('import.working')} />}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{t(`errors.${error}`, t('import.failed'))}</MessageBarBody>
              </MessageBar>
            )}
            {preview && <ImportPreviewList preview={preview} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button disabled={busy || text.trim() === ''} onClick={() => void runPreview()}>
              {t('import.preview')}
            </Button>
            <Button
              appearance="primary"
              disabled={!preview || preview.profiles.length === 0 || busy}
              onClick={() => void create()}
            >
              {t('import.create', { n: preview?.profiles.length ?? 0 })}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

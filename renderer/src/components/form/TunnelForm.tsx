import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Subtitle2,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../../../contract';
import { deleteProfile, saveProfile } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import {
  ALGORITHM_FIELDS,
  emptyForm,
  formFromProfile,
  profileFromForm,
  validateForm,
  type AlgorithmField,
  type FormErrors,
  type ProfileForm,
} from '../../lib/profileForm';
import { useShallow } from 'zustand/react/shallow';
import { useRestoreFocus } from '../../lib/useRestoreFocus';
import { useAppStore } from '../../store';
import { ForwardsTable } from './ForwardsTable';

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '95vw' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px', maxHeight: '70vh' },
  grid: { display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', gap: '12px', alignItems: 'start' },
  two: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px', alignItems: 'start' },
  panel: { display: 'flex', flexDirection: 'column', gap: '12px', paddingBottom: '8px' },
});

const ALGORITHM_LABEL: Record<AlgorithmField, string> = {
  kex: 'form.algorithmKex',
  cipher: 'form.algorithmCipher',
  hmac: 'form.algorithmHmac',
  serverHostKey: 'form.algorithmServerHostKey',
};

const ALGORITHM_EXAMPLE: Record<AlgorithmField, string> = {
  kex: '+diffie-hellman-group14-sha1',
  cipher: '+aes256-cbc',
  hmac: '+hmac-sha1-96',
  serverHostKey: '+ssh-dss',
};

/** Add or edit a tunnel; the dialog mounts afresh per profile so its state starts clean. */
export function TunnelFormDialog() {
  const editing = useAppStore((s) => s.editing);
  const profile = useAppStore((s) => {
    const id = s.editing?.mode === 'edit' ? s.editing.id : null;
    return id ? s.profiles.find((p) => p.id === id) : undefined;
  });
  if (!editing) return null;
  return <TunnelForm key={profile?.id ?? 'new'} profile={profile} />;
}

function TunnelForm({ profile }: { profile: Profile | undefined }) {
  useRestoreFocus();
  const { t } = useTranslation();
  const styles = useStyles();
  const close = useAppStore((s) => s.setEditing);
  const taken = useAppStore(useShallow((s) => s.profiles.map((p) => p.id)));
  const [form, setForm] = useState<ProfileForm>(() =>
    profile ? formFromProfile(profile) : emptyForm(),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Collapsed for the usual server, but never hiding lists the profile already sets.
  const [algorithmsOpen, setAlgorithmsOpen] = useState(() =>
    ALGORITHM_FIELDS.some((c) => form.algorithms[c]),
  );
  const hasStoredPassword = Boolean(profile?.auth.passwordRef);
  const knownAlgorithms = useAppStore((s) => s.appInfo?.algorithms);
  const set = (patch: Partial<ProfileForm>) => setForm((f) => ({ ...f, ...patch }));
  const field = (name: keyof ProfileForm | string) => ({
    validationMessage: errors[name] ? t(errors[name]) : undefined,
  });

  const save = async () => {
    const found = validateForm(form, hasStoredPassword, knownAlgorithms);
    setErrors(found);
    if (Object.keys(found).some((k) => k.startsWith('algorithms.'))) setAlgorithmsOpen(true);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setSaveError(null);
    try {
      const input = profileFromForm(form, profile, taken);
      // The password goes to the OS store first; the profile keeps only its name.
      if (form.auth === 'password' && form.password && input.auth?.passwordRef)
        await bridge().storeSecret(input.auth.passwordRef, form.password);
      await saveProfile(input);
      close(null);
    } catch (error) {
      setSaveError(errorCode(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!profile) return;
    const code = await deleteProfile(profile.id);
    if (code) setSaveError(code);
    else close(null);
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && close(null)}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{profile ? t('form.editTitle') : t('form.newTitle')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Field label={t('form.name')} required {...field('name')}>
              <Input value={form.name} onChange={(_, d) => set({ name: d.value })} />
            </Field>
            <div className={styles.grid}>
              <Field label={t('form.host')} required hint={t('form.hostHint')} {...field('host')}>
                <Input value={form.host} onChange={(_, d) => set({ host: d.value })} />
              </Field>
              <Field label={t('form.port')} required {...field('port')}>
                <Input
                  inputMode="numeric"
                  value={form.port}
                  onChange={(_, d) => set({ port: d.value })}
                />
              </Field>
              <Field label={t('form.user')} required {...field('user')}>
                <Input value={form.user} onChange={(_, d) => set({ user: d.value })} />
              </Field>
            </div>
            <Field label={t('form.auth')}>
              <RadioGroup
                layout="horizontal"
                value={form.auth}
                onChange={(_, d) => set({ auth: d.value as ProfileForm['auth'] })}
              >
                <Radio value="key" label={t('form.authKey')} />
                <Radio value="agent" label={t('form.authAgent')} />
                <Radio value="password" label={t('form.authPassword')} />
              </RadioGroup>
            </Field>
            {form.auth === 'key' && (
              <Field label={t('form.keyFile')} required {...field('keyFile')}>
                <Input value={form.keyFile} onChange={(_, d) => set({ keyFile: d.value })} />
              </Field>
            )}
            {form.auth === 'password' && (
              <Field
                label={t('form.password')}
                hint={hasStoredPassword ? t('form.passwordStored') : t('form.passwordHint')}
                {...field('password')}
              >
                <Input
                  type="password"
                  value={form.password}
                  onChange={(_, d) => set({ password: d.value })}
                />
              </Field>
            )}
            <Subtitle2 as="h3">{t('form.hostKey')}</Subtitle2>
            <div className={styles.two}>
              <Field label={t('form.hostKeyPolicy')}>
                <RadioGroup
                  value={form.hostKeyPolicy}
                  onChange={(_, d) =>
                    set({ hostKeyPolicy: d.value as 'strict' | 'ask' | 'accept-new' })
                  }
                >
                  <Radio value="ask" label={t('form.policyAsk')} />
                  <Radio value="strict" label={t('form.policyStrict')} />
                  <Radio value="accept-new" label={t('form.policyAcceptNew')} />
                </RadioGroup>
              </Field>
              <Field label={t('form.pinned')} hint={t('form.pinnedHint')} {...field('pinned')}>
                <Textarea
                  resize="vertical"
                  value={form.pinned}
                  onChange={(_, d) => set({ pinned: d.value })}
                />
              </Field>
            </div>
            <div className={styles.two}>
              <Field label={t('form.keepaliveInterval')} {...field('keepaliveInterval')}>
                <Input
                  inputMode="decimal"
                  value={form.keepaliveInterval}
                  onChange={(_, d) => set({ keepaliveInterval: d.value })}
                />
              </Field>
              <Field label={t('form.keepaliveCount')} {...field('keepaliveCount')}>
                <Input
                  inputMode="numeric"
                  value={form.keepaliveCount}
                  onChange={(_, d) => set({ keepaliveCount: d.value })}
                />
              </Field>
            </div>
            <Checkbox
              label={t('form.autostart')}
              checked={form.autostart}
              onChange={(_, d) => set({ autostart: d.checked === true })}
            />
            <Subtitle2 as="h3">{t('form.forwards')}</Subtitle2>
            <ForwardsTable
              rows={form.forwards}
              errors={errors}
              onChange={(forwards) => set({ forwards })}
            />
            <Accordion
              collapsible
              openItems={algorithmsOpen ? ['algorithms'] : []}
              onToggle={(_, d) => setAlgorithmsOpen(d.openItems.includes('algorithms'))}
            >
              <AccordionItem value="algorithms">
                <AccordionHeader as="h3" size="small">
                  {t('form.algorithms')}
                </AccordionHeader>
                <AccordionPanel className={styles.panel}>
                  <Caption1>{t('form.algorithmsHint')}</Caption1>
                  <div className={styles.two}>
                    {ALGORITHM_FIELDS.map((c) => (
                      <Field key={c} label={t(ALGORITHM_LABEL[c])} {...field(`algorithms.${c}`)}>
                        <Input
                          value={form.algorithms[c]}
                          placeholder={ALGORITHM_EXAMPLE[c]}
                          spellCheck={false}
                          onChange={(_, d) =>
                            setForm((f) => ({
                              ...f,
                              algorithms: { ...f.algorithms, [c]: d.value },
                            }))
                          }
                        />
                      </Field>
                    ))}
                  </div>
                </AccordionPanel>
              </AccordionItem>
            </Accordion>
            {Object.keys(errors).length > 0 && (
              <MessageBar intent="warning">
                <MessageBarBody>{t('form.fixErrors')}</MessageBarBody>
              </MessageBar>
            )}
            {saveError && (
              <MessageBar intent="error">
                <MessageBarBody>{t(`errors.${saveError}`, t('errors.internal'))}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {profile && (
              <Button onClick={() => void remove()} disabled={busy}>
                {t('form.delete')}
              </Button>
            )}
            <Button onClick={() => close(null)}>{t('common.cancel')}</Button>
            <Button appearance="primary" onClick={() => void save()} disabled={busy}>
              {t('common.save')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

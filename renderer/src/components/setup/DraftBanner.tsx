import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';

/** An unfinished setup (the window was closed or Cancel pressed): continue where it stopped. */
export function DraftBanner() {
  const { t } = useTranslation();
  const draft = useAppStore((s) => (s.setupOpen ? null : s.setupDraft));
  const profile = useAppStore((s) => s.profiles.find((p) => p.id === draft?.profileId));
  if (!draft || !profile) return null;
  return (
    <MessageBar intent="info" data-testid="setup-draft">
      <MessageBarBody>{t('setup.draft.body', { name: profile.name })}</MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={() => useAppStore.getState().openSetup(draft)}>
          {t('setup.draft.continue')}
        </Button>
        <Button onClick={() => useAppStore.getState().clearSetup()}>
          {t('setup.draft.dismiss')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

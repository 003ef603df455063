import { Body1, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { stateLight } from '../../../../contract/tunnel-state';
import { FORWARD_LETTER } from '../../lib/format';
import { useAppStore } from '../../store';
import { StatusDot } from '../StatusDot';
import { StepActions } from './StepActions';
import { useSetupProfile } from './useSetupProfile';

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: '4px 12px',
    alignItems: 'center',
    padding: '12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  forwards: { gridColumn: '2', fontFamily: tokens.fontFamilyMonospace },
});

/** Step 7: the tunnel with its light, as the list and the tray show it from now on. */
export function DoneStep() {
  const { t } = useTranslation();
  const styles = useStyles();
  const profile = useSetupProfile();
  const tunnel = useAppStore((s) => s.tunnels.find((x) => x.id === s.setupProfileId));
  const state = tunnel?.state ?? 'stopped';
  const word = t(`state.${state}`);
  const undo = useAppStore((s) => s.setupUndo);
  return (
    <>
      <div className={styles.card} data-testid="setup-done" data-state={state}>
        <StatusDot light={stateLight(state)} label={word} />
        <Body1Strong>
          {profile?.name} — {word}
        </Body1Strong>
        {profile?.forwards.map((f) => (
          <Caption1 key={f.id} className={styles.forwards}>
            {FORWARD_LETTER[f.type]} {f.bindPort}
            {f.type !== 'dynamic' ? ` → ${f.targetHost}:${f.targetPort}` : ''}
          </Caption1>
        ))}
      </div>
      <Body1 as="p">{t('setup.done.body')}</Body1>
      {undo.length > 0 && (
        <ul data-testid="setup-undo">
          {undo.map((u) => (
            <li key={u.name}>
              <Caption1>{t('setup.done.disabled', { name: u.name })}</Caption1>
              <Caption1 as="p" className={styles.forwards}>
                {u.undo}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
      <StepActions
        next={{
          label: t('setup.done.finish'),
          onClick: () => useAppStore.getState().clearSetup(),
        }}
      />
    </>
  );
}

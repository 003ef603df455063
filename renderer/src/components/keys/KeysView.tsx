import {
  Badge,
  Body1,
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeySummary } from '../../../../contract';
import { bridge, errorCode } from '../../bridge';
import { useAppStore } from '../../store';
import { UnlockKeyDialog } from './UnlockKeyDialog';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  header: { display: 'flex', alignItems: 'center', gap: '8px' },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  actions: { display: 'flex', gap: '4px', alignItems: 'center' },
});

/** The keys Tunnelkeeper knows, and the wizard to convert or create one. */
export function KeysView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const keys = useAppStore((s) => s.keys);
  const keysError = useAppStore((s) => s.keysError);
  const openWizard = useAppStore((s) => s.setWizardOpen);
  const updateKey = useAppStore((s) => s.updateKey);
  const [unlocking, setUnlocking] = useState<KeySummary | null>(null);
  // Closed by `open`, not by unmounting: an open Fluent dialog that is simply removed can leave
  // the page aria-hidden (its modal layer never lets go).
  const [unlockOpen, setUnlockOpen] = useState(false);
  const [lockError, setLockError] = useState<string | null>(null);
  const api = bridge();

  const lock = async (key: KeySummary) => {
    try {
      await api.lockKey(key.id);
      setLockError(null);
      updateKey({ ...key, unlocked: false });
    } catch (e) {
      setLockError(errorCode(e));
    }
  };

  return (
    <section className={styles.root} aria-labelledby="keys-heading">
      <div className={styles.header}>
        <Title3 id="keys-heading" as="h1" className={styles.grow}>
          {t('keys.heading')}
        </Title3>
        <Button appearance="primary" onClick={() => openWizard(true)}>
          {t('keys.wizard')}
        </Button>
      </div>
      {keysError && <Body1 role="status">{t('keys.unavailable')}</Body1>}
      {!keysError && keys.length === 0 && <Body1 role="status">{t('keys.empty')}</Body1>}
      {lockError && <Body1 role="alert">{t(`errors.${lockError}`, t('errors.internal'))}</Body1>}
      {keys.length > 0 && (
        <Table aria-label={t('keys.heading')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('keys.type')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.comment')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.fingerprint')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.where')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.protection')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.agent')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.id}>
                <TableCell>
                  {key.type} ({key.bits})
                </TableCell>
                <TableCell>{key.comment}</TableCell>
                <TableCell className={styles.mono}>{key.fingerprint}</TableCell>
                <TableCell className={styles.mono}>
                  {key.path} · {t(`keyFormats.${key.format}`, key.format)}
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={key.encrypted ? 'success' : 'warning'}>
                    {key.encrypted ? t('keys.encrypted') : t('keys.plain')}
                  </Badge>
                </TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Badge
                      appearance="tint"
                      color={key.unlocked ? 'success' : 'informative'}
                      data-testid={`key-state-${key.id}`}
                    >
                      {key.unlocked ? t('keys.unlocked') : t('keys.locked')}
                    </Badge>
                    {key.unlocked ? (
                      <Button
                        size="small"
                        aria-label={t('keys.lockKey', { name: key.comment || key.fingerprint })}
                        onClick={() => void lock(key)}
                      >
                        {t('keys.lock')}
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        aria-label={t('keys.unlockKey', { name: key.comment || key.fingerprint })}
                        onClick={() => {
                          setUnlocking(key);
                          setUnlockOpen(true);
                        }}
                      >
                        {t('keys.unlockButton')}
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {unlocking && (
        <UnlockKeyDialog
          keySummary={unlocking}
          open={unlockOpen}
          onClose={() => setUnlockOpen(false)}
        />
      )}
    </section>
  );
}

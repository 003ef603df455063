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
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  header: { display: 'flex', alignItems: 'center', gap: '8px' },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/** The keys Tunnelkeeper knows, and the wizard to convert or create one. */
export function KeysView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const keys = useAppStore((s) => s.keys);
  const keysError = useAppStore((s) => s.keysError);
  const openWizard = useAppStore((s) => s.setWizardOpen);

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
      {keys.length > 0 && (
        <Table aria-label={t('keys.heading')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('keys.type')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.comment')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.fingerprint')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.where')}</TableHeaderCell>
              <TableHeaderCell>{t('keys.protection')}</TableHeaderCell>
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
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { licenseProduct } from '../../lib/licensePorts';
import { newForward, type FormErrors, type ForwardRow } from '../../lib/profileForm';

const useStyles = makeStyles({
  port: { width: '90px' },
  cell: { verticalAlign: 'top', paddingTop: '4px', paddingBottom: '4px' },
});

interface Props {
  rows: ForwardRow[];
  errors: FormErrors;
  onChange(rows: ForwardRow[]): void;
}

/** One row per forward: type, bind, target, label; license ports get a label proposed. */
export function ForwardsTable({ rows, errors, onChange }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const update = (index: number, patch: Partial<ForwardRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const error = (index: number, field: string) => {
    const key = errors[`forwards.${index}.${field}`];
    return key ? t(key) : undefined;
  };
  const nextId = () => {
    let n = rows.length;
    while (rows.some((r) => r.id === newForward(n).id)) n += 1;
    return newForward(n);
  };

  return (
    <>
      <Table size="small" aria-label={t('form.forwards')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('form.forwardType')}</TableHeaderCell>
            <TableHeaderCell>{t('form.bindPort')}</TableHeaderCell>
            <TableHeaderCell>{t('form.targetHost')}</TableHeaderCell>
            <TableHeaderCell>{t('form.targetPort')}</TableHeaderCell>
            <TableHeaderCell>{t('form.label')}</TableHeaderCell>
            <TableHeaderCell aria-label={t('form.remove')} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, index) => {
            const n = index + 1;
            const product = licenseProduct(Number(row.targetPort) || undefined);
            return (
              <TableRow key={index} data-testid="forward-row">
                <TableCell className={styles.cell}>
                  <Select
                    aria-label={t('form.forwardTypeOf', { n })}
                    value={row.type}
                    onChange={(_, d) => update(index, { type: d.value as ForwardRow['type'] })}
                  >
                    <option value="remote">{t('form.types.remote')}</option>
                    <option value="local">{t('form.types.local')}</option>
                    <option value="dynamic">{t('form.types.dynamic')}</option>
                  </Select>
                </TableCell>
                <TableCell className={styles.cell}>
                  <Field validationMessage={error(index, 'bindPort')}>
                    <Input
                      className={styles.port}
                      aria-label={t('form.bindPortOf', { n })}
                      inputMode="numeric"
                      value={row.bindPort}
                      onChange={(_, d) => update(index, { bindPort: d.value })}
                    />
                  </Field>
                </TableCell>
                <TableCell className={styles.cell}>
                  <Field validationMessage={error(index, 'targetHost')}>
                    <Input
                      aria-label={t('form.targetHostOf', { n })}
                      disabled={row.type === 'dynamic'}
                      value={row.targetHost}
                      onChange={(_, d) => update(index, { targetHost: d.value })}
                    />
                  </Field>
                </TableCell>
                <TableCell className={styles.cell}>
                  <Field validationMessage={error(index, 'targetPort')}>
                    <Input
                      className={styles.port}
                      aria-label={t('form.targetPortOf', { n })}
                      inputMode="numeric"
                      disabled={row.type === 'dynamic'}
                      value={row.targetPort}
                      onChange={(_, d) =>
                        update(index, {
                          targetPort: d.value,
                          // Propose the product as the label while the user has not named it.
                          ...(row.label === '' || row.label === product
                            ? { label: licenseProduct(Number(d.value)) ?? '' }
                            : {}),
                        })
                      }
                    />
                  </Field>
                </TableCell>
                <TableCell className={styles.cell}>
                  <Input
                    aria-label={t('form.labelOf', { n })}
                    value={row.label}
                    onChange={(_, d) => update(index, { label: d.value })}
                  />
                  {product && (
                    <Badge appearance="tint" color="brand">
                      {t('form.licensePort', { product })}
                    </Badge>
                  )}
                </TableCell>
                <TableCell className={styles.cell}>
                  <Button
                    appearance="subtle"
                    aria-label={t('form.removeOf', { n })}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    ✕
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Button onClick={() => onChange([...rows, nextId()])}>{t('form.addForward')}</Button>
    </>
  );
}

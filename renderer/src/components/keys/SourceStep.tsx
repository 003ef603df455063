import { Body1, Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '8px', alignItems: 'end' },
  grow: { flexGrow: 1 },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '16px',
    textAlign: 'center',
  },
  over: { backgroundColor: tokens.colorBrandBackground2 },
});

/** Choose the key file: type or paste its path, browse, or drop it on the window. */
export function SourceStep({
  path,
  error,
  onPath,
}: {
  path: string;
  error?: string;
  onPath(path: string): void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [over, setOver] = useState(false);
  const api = bridge();

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    const dropped = file && api.pathForFile(file);
    if (dropped) onPath(dropped);
  };

  return (
    <>
      <div className={styles.row}>
        <Field
          className={styles.grow}
          label={t('wizard.sourcePath')}
          hint={t('wizard.sourceHint')}
          validationMessage={error}
        >
          <Input value={path} onChange={(_, d) => onPath(d.value)} data-testid="key-source" />
        </Field>
        <Button
          onClick={() => void api.chooseFile('key').then((chosen) => chosen && onPath(chosen))}
        >
          {t('wizard.browse')}
        </Button>
      </div>
      <div
        className={`${styles.drop} ${over ? styles.over : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <Body1>{t('wizard.drop')}</Body1>
      </div>
    </>
  );
}

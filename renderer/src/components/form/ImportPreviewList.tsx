import { Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../contract';
import { FORWARD_LETTER } from '../../lib/format';
import { Verbatim } from '../troubleshoot/DiagText';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: '18px', display: 'grid', gap: '8px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, display: 'block' },
  warnings: { margin: 0, paddingLeft: '18px', color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** What an import will create, and what the admin should know before accepting it. */
export function ImportPreviewList({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  // The importer's sentences are English and precise; another language gets its own sentence
  // per kind of warning first, with the importer's words kept as evidence (marked English).
  const english = i18n.language === 'en';
  return (
    <>
      <ul className={styles.list} aria-label={t('import.willCreate')} data-testid="import-preview">
        {preview.profiles.map((p) => (
          <li key={p.id}>
            <Body1Strong>{p.name}</Body1Strong>{' '}
            <Caption1>
              {p.user}@{p.host}:{p.port}
            </Caption1>
            {p.forwards.map((f) => (
              <Caption1 key={f.id} className={styles.mono}>
                {FORWARD_LETTER[f.type]} {f.bindPort}
                {f.type !== 'dynamic' ? ` → ${f.targetHost}:${f.targetPort}` : ''}
                {f.label ? ` (${f.label})` : ''}
              </Caption1>
            ))}
          </li>
        ))}
      </ul>
      {preview.warnings.length > 0 && (
        <ul
          className={styles.warnings}
          aria-label={t('import.warnings')}
          data-testid="import-warnings"
        >
          {preview.warnings.map((w, i) => (
            <li key={`${w.code}-${i}`}>
              <Caption1>
                {w.line ? t('import.line', { line: w.line }) : ''}
                {english ? (
                  w.message
                ) : (
                  <>
                    {t(`import.warningCodes.${w.code}`, t('import.warningOther'))}{' '}
                    <Verbatim text={w.message} />
                  </>
                )}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import {
  Body1,
  Button,
  Caption1,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Subtitle2,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runDiagnosis } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import { downloadText } from '../../lib/download';
import { useAppStore } from '../../store';
import { DiagText, slot, Verbatim, withNodes } from './DiagText';
import { StepList } from './StepList';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '16px', paddingBottom: '24px' },
  actions: { display: 'flex', gap: '8px' },
  advice: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '6px' },
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
  plain: { margin: 0 },
});

/** Guided troubleshooting: the checks in order, the cause in plain words, what to do next. */
export function TroubleshootPanel() {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useAppStore((s) => s.troubleshootId);
  const close = useAppStore((s) => s.openTroubleshoot);
  const name = useAppStore((s) => s.tunnels.find((x) => x.id === id)?.name ?? id);
  // The supervisor's raw error, as support wants it (the snapshot's `detail`).
  const detail = useAppStore(
    (s) => (s.tunnels.find((x) => x.id === id) as { detail?: string | null } | undefined)?.detail,
  );
  const report = useAppStore((s) => (id ? s.reports[id] : undefined));
  const running = useAppStore((s) => (id ? (s.diagnosing[id] ?? false) : false));
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  // Opening the panel runs the diagnosis once; "Run again" repeats it.
  useEffect(() => {
    if (id) void runDiagnosis(id).then(setError);
  }, [id]);

  const closePanel = () => {
    setExported(null);
    setError(null);
    close(null);
    // Keyboard users land back on the row's Troubleshoot button, also when a notification
    // opened the panel (then nothing in the window had focus before).
    const opener = id
      ? document.querySelector<HTMLElement>(`[data-troubleshoot-for="${CSS.escape(id)}"]`)
      : null;
    requestAnimationFrame(() => opener?.focus());
  };

  const exportBundle = async () => {
    if (!id || !report) return;
    const api = bridge();
    try {
      // Main writes the full bundle (protocol log included); null means the user cancelled.
      if (api.exportDiagnostics) setExported(await api.exportDiagnostics(id));
      else downloadText(`tunnelkeeper-diagnosis-${id}.json`, JSON.stringify(report, null, 2));
    } catch (e) {
      setError(errorCode(e));
    }
  };

  const diag = (key: string) => t(key, { ns: 'diag', keySeparator: false });

  return (
    <OverlayDrawer
      open={id !== null}
      position="end"
      size="medium"
      onOpenChange={(_, data) => !data.open && closePanel()}
      aria-label={t('troubleshoot.title', { name })}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button appearance="subtle" aria-label={t('common.close')} onClick={closePanel}>
              ✕
            </Button>
          }
        >
          {t('troubleshoot.title', { name })}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body} data-testid="troubleshoot-panel">
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={running || !id}
            onClick={() => id && void runDiagnosis(id).then(setError)}
          >
            {t('troubleshoot.rerun')}
          </Button>
          <Button disabled={!report || running} onClick={() => void exportBundle()}>
            {t('troubleshoot.export')}
          </Button>
        </div>
        {running && <Spinner size="small" label={t('troubleshoot.running')} />}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{t(`errors.${error}`, t('errors.internal'))}</MessageBarBody>
          </MessageBar>
        )}
        {exported && (
          <MessageBar intent="success">
            <MessageBarBody>{t('troubleshoot.exported', { path: exported })}</MessageBarBody>
          </MessageBar>
        )}
        {report && (
          <>
            <section aria-labelledby="diag-cause" className={styles.section}>
              <Subtitle2 id="diag-cause" as="h2">
                {t('troubleshoot.cause')}
              </Subtitle2>
              <Body1 as="p" className={styles.plain} data-testid="diag-cause">
                {diag(`cause.${report.cause ?? 'none'}`)}
              </Body1>
              {detail && (
                <Caption1 as="p" className={styles.plain}>
                  {/* The supervisor's own words (English), kept as support wants them. */}
                  {withNodes(t('troubleshoot.lastError', { detail: slot(0) }), [
                    <Verbatim key="detail" text={detail} />,
                  ])}
                </Caption1>
              )}
            </section>
            <StepList steps={report.steps} />
            <section aria-labelledby="diag-advice" className={styles.section}>
              <Subtitle2 id="diag-advice" as="h2">
                {t('troubleshoot.advice')}
              </Subtitle2>
              {report.advice.length > 0 ? (
                <ol className={styles.advice} data-testid="diag-advice">
                  {report.advice.map((item, index) => (
                    <li key={`${item.key}-${index}`}>
                      <Body1>
                        <DiagText message={item} />
                      </Body1>
                    </li>
                  ))}
                </ol>
              ) : (
                <Body1 as="p" className={styles.plain}>
                  {t('troubleshoot.noAdvice')}
                </Body1>
              )}
            </section>
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}

import {
  Body1,
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Switch,
  Title3,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogLine } from '../../../../contract';
import { loadLogTail, saveProfile } from '../../actions';
import { bridge, errorCode } from '../../bridge';
import { copyText, downloadText } from '../../lib/download';
import { useAppStore } from '../../store';
import type { LevelFilter } from '../../store/logs';
import { filterLines } from './filter';
import { formatLogLine, LOG_ROW_HEIGHT, LogLineRow } from './LogLineRow';
import { VirtualList } from './VirtualList';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'end', flexWrap: 'wrap' },
});

const EMPTY: LogLine[] = [];
const LEVELS: LevelFilter[] = ['all', 'info', 'warn', 'error'];

export function LogsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const tunnels = useAppStore((s) => s.tunnels);
  const selected = useAppStore((s) => s.logTunnelId ?? s.tunnels[0]?.id ?? null);
  const setLogTunnel = useAppStore((s) => s.setLogTunnel);
  const lines = useAppStore((s) => (selected ? (s.logs[selected] ?? EMPTY) : EMPTY));
  const level = useAppStore((s) => s.logLevel);
  const search = useAppStore((s) => s.logSearch);
  const setLevel = useAppStore((s) => s.setLogLevel);
  const setSearch = useAppStore((s) => s.setLogSearch);
  const profile = useAppStore((s) => s.profiles.find((p) => p.id === selected));
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useMemo(() => filterLines(lines, level, search), [lines, level, search]);

  useEffect(() => {
    if (selected) void loadLogTail(selected);
  }, [selected]);

  const copy = async () => {
    const ok = await copyText(shown.map(formatLogLine).join('\n'));
    setNotice(ok ? t('logs.copied', { n: shown.length }) : t('errors.clipboard'));
  };
  const exportLog = async () => {
    if (!selected) return;
    const api = bridge();
    try {
      if (api.exportLog) {
        const saved = await api.exportLog(selected);
        if (saved) setNotice(t('logs.exported', { path: saved }));
      } else downloadText(`tunnelkeeper-${selected}.log`, lines.map(formatLogLine).join('\n'));
    } catch (error) {
      setNotice(t(`errors.${errorCode(error)}`, t('errors.internal')));
    }
  };
  const setVerbose = async (verbose: boolean) => {
    if (!profile) return;
    try {
      await saveProfile({ ...profile, verbose });
      setNotice(t('logs.verboseNext'));
    } catch (error) {
      setNotice(t(`errors.${errorCode(error)}`, t('errors.internal')));
    }
  };

  return (
    <section className={styles.root} aria-labelledby="logs-heading">
      <Title3 id="logs-heading" as="h1">
        {t('logs.heading')}
      </Title3>
      <div className={styles.toolbar}>
        <Field label={t('logs.tunnel')}>
          <Select value={selected ?? ''} onChange={(_, d) => setLogTunnel(d.value)}>
            {tunnels.map((tunnel) => (
              <option key={tunnel.id} value={tunnel.id}>
                {tunnel.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('logs.level')}>
          <Select value={level} onChange={(_, d) => setLevel(d.value as LevelFilter)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`logs.levels.${l}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('logs.search')}>
          <Input type="search" value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
        <Switch
          label={t('logs.verbose')}
          checked={profile?.verbose ?? false}
          disabled={!profile}
          onChange={(_, d) => void setVerbose(d.checked)}
        />
        <Button onClick={() => void copy()} disabled={shown.length === 0}>
          {t('logs.copy')}
        </Button>
        <Button onClick={() => void exportLog()} disabled={!selected}>
          {t('logs.export')}
        </Button>
      </div>
      <Body1 role="status" aria-live="polite" data-testid="log-count">
        {notice ?? t('logs.count', { shown: shown.length, total: lines.length })}
      </Body1>
      <VirtualList
        items={shown}
        rowHeight={LOG_ROW_HEIGHT}
        height={420}
        label={t('logs.lines')}
        testId="log-list"
        renderRow={(line) => <LogLineRow line={line} />}
      />
    </section>
  );
}

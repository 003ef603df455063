import type { Command } from 'commander';
import {
  availability,
  historyDir,
  historyProfiles,
  parseAt,
  parseSince,
  readHistory,
  stateAt,
  type Availability,
  type HistoryEntry,
  type StateAt,
} from '../../core/history';
import { defaultDataDir } from '../../core/logging/paths';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper history <id>`: one tunnel's availability history, read straight from the data
 * dir's files (an engine need not run). Without --at: its changes over a period and the uptime;
 * with --at: "the job failed at 02:13 — was the tunnel down?", its state then and why.
 */
interface Options {
  since?: string;
  at?: string;
  json?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Local time; the date only when it is not the day of `ref`. */
function localTime(iso: string, ref?: Date): string {
  const d = new Date(iso);
  return ref && day(ref) === day(d) ? clock(d) : `${day(d)} ${clock(d)}`;
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  if (d) return `${d} d${h ? ` ${h} h` : ''}`;
  if (h) return `${h} h${m ? ` ${m} min` : ''}`;
  if (m) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${s} s`;
}

const stateText = (state: string, cause?: string) =>
  state === 'not-monitored'
    ? 'not monitored (no engine was watching it)'
    : `${state}${cause ? ` (${cause})` : ''}`;

function entryLine(e: HistoryEntry): string {
  const at = localTime(e.ts);
  switch (e.type) {
    case 'engine-start':
      return `${at}  engine started`;
    case 'engine-stop':
      return `${at}  engine stopped (not monitored until it starts again)`;
    case 'engine-alive':
      return `${at}  engine alive`;
    case 'state':
      return [at, e.state, e.cause ?? '', e.detail ?? ''].join('  ').trimEnd();
  }
}

function printChanges(entries: HistoryEntry[], report: Availability): void {
  // A run that ended without `engine-stop` (crash, kill, power cut) shows only as a gap.
  const stops = new Set(entries.flatMap((e) => (e.type === 'engine-stop' ? [e.ts] : [])));
  const silent = report.segments
    .filter((s) => s.state === 'not-monitored' && s.from !== report.from && !stops.has(s.from))
    .map((s) => ({
      ts: s.from,
      line: `${localTime(s.from)}  engine went silent (crashed or killed?): not monitored until it starts again`,
    }));
  const lines = [...entries.map((e) => ({ ts: e.ts, line: entryLine(e) })), ...silent].sort(
    (a, b) => Date.parse(a.ts) - Date.parse(b.ts),
  );
  const out: string[] = lines.length
    ? lines.map((l) => l.line)
    : [`no changes since ${localTime(report.from)}`];
  const period = `since ${localTime(report.from)}`;
  const watched = `monitored ${duration(report.monitoredMs)}, not monitored ${duration(report.notMonitoredMs)}`;
  out.push(
    report.uptimePercent === null
      ? `uptime n/a ${period}: not monitored in this period`
      : `uptime ${report.uptimePercent.toFixed(2)}% ${period} (${watched}); ${report.outages.length} outage${report.outages.length === 1 ? '' : 's'}`,
  );
  for (const o of report.outages)
    out.push(
      `  outage ${localTime(o.from)} – ${o.ongoing ? 'now' : localTime(o.to, new Date(o.from))} (${duration(o.durationMs)}): ${[...o.states, ...o.causes].join(', ')}`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
}

function printAt(r: StateAt, at: Date): void {
  const until = r.until ? `, until ${localTime(r.until, at)}` : '';
  const out = [
    r.since
      ? `at ${localTime(r.at)}: ${stateText(r.state, r.cause)} since ${localTime(r.since, at)} for ${duration(r.forMs ?? 0)}${until}`
      : `at ${localTime(r.at)}: not monitored: before the recorded history${r.until ? `, which starts at ${localTime(r.until, at)}` : ''}`,
  ];
  if (r.detail) out.push(`  detail: ${r.detail}`);
  if (r.outage && r.outage.since !== r.since)
    out.push(
      `  down since ${localTime(r.outage.since, at)} (${duration(at.getTime() - Date.parse(r.outage.since))})${r.outage.causes.length ? `: ${r.outage.causes.join(', ')}` : ''}${r.outage.until ? `; back at ${localTime(r.outage.until, at)}` : ''}`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Checks the options before any file is read: a bad one is a usage error (exit 2). */
function parseOptions(options: Options, now: number): { since: number; at?: number } {
  if (options.at !== undefined && options.since !== undefined)
    throw new CliFailure('--at and --since do not go together (--at asks about one instant)', 2);
  if (options.at !== undefined) {
    const at = parseAt(options.at, now);
    if (at === undefined)
      throw new CliFailure(
        `--at "${options.at}" is not a time: give HH:MM (today, local time) or an ISO time like 2025-03-01T02:13`,
        2,
      );
    if (at > now)
      throw new CliFailure(
        `--at "${options.at}" is in the future${/^\d{1,2}:\d{2}(:\d{2})?$/.test(options.at.trim()) ? ' (HH:MM means today; for another day give the date, e.g. 2025-03-01T02:13)' : ''}`,
        2,
      );
    return { since: now, at };
  }
  if (options.since === undefined) return { since: now - 24 * 3600_000 };
  const since = parseSince(options.since, now);
  if (since === undefined)
    throw new CliFailure(
      `--since "${options.since}" is not a time: give a span back from now (30m, 24h, 7d) or an ISO time like 2025-03-01T02:00`,
      2,
    );
  if (since > now) throw new CliFailure(`--since "${options.since}" is in the future`, 2);
  return { since };
}

export const registerHistory: CommandRegistrar = (program: Command) => {
  program
    .command('history')
    .description(
      "a tunnel's availability history: its state changes, uptime and outages, or its state at one instant and why",
    )
    .argument('<id>', 'profile id')
    .option('--since <when>', 'start of the period: 30m, 24h, 7d … or an ISO time (default 24h)')
    .option('--at <time>', 'the state at this instant: HH:MM[:SS] today (local) or an ISO time')
    .option('--json', 'machine output')
    .action(async (id: string, options: Options) => {
      const now = Date.now();
      const { since, at } = parseOptions(options, now);
      const dir = historyDir(defaultDataDir());
      const warnings = new Set<string>();
      const read = { onWarning: (m: string) => warnings.add(m), now };
      const tell = () => {
        for (const w of warnings) process.stderr.write(`tunnelkeeper: warning: ${w}\n`);
      };

      const profiles = await historyProfiles(dir, read);
      if (!profiles.includes(id)) {
        tell();
        throw new CliFailure(
          profiles.length
            ? `no history for "${id}" in ${dir} (profiles with history: ${profiles.join(', ')})`
            : `no history for "${id}": no profile has history in ${dir} yet (the engine records it while it runs)`,
        );
      }

      if (at !== undefined) {
        const r = await stateAt(dir, id, at, read);
        tell();
        if (!r) throw new CliFailure(`no history for "${id}" in ${dir}`);
        if (options.json)
          process.stdout.write(`${JSON.stringify({ ...r, warnings: [...warnings] })}\n`);
        else printAt(r, new Date(at));
        return;
      }

      const entries = await readHistory(dir, { ...read, profile: id, since, until: now });
      const report = await availability(dir, id, since, now, read);
      tell();
      if (options.json)
        process.stdout.write(
          `${JSON.stringify({ ...report, entries, warnings: [...warnings] })}\n`,
        );
      else printChanges(entries, report);
    });
};

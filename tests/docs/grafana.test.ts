import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { dump, load } from 'js-yaml';
import { format, resolveConfig } from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASOURCE_INPUT, dashboard } from '../../docs/grafana/dashboard';
import { registerEngine } from '../../main/cli/commands/engine';
import { TUNNEL_STATES } from '../../contract/tunnel-state';
import { createEngineMetrics } from '../../main/core/engine/metrics';
import { requirePeer } from '../helpers/peers';

/**
 * docs/grafana: the dashboard JSON is docs/grafana/dashboard.ts's output (that module is typed
 * with @grafana/schema, so `npm run typecheck` holds it to Grafana's dashboard and panel
 * models); it is importable as is; every query in it and in the README's rules is PromQL that
 * promtool accepts, reading only metrics the engine exports; the README's alert fires after
 * 5 minutes down; its Prometheus configs load and its command lines exist.
 */
const root = path.resolve(import.meta.dirname, '../..');
const JSON_FILE = path.join(root, 'docs/grafana/tunnelkeeper.json');
const README = path.join(root, 'docs/grafana/README.md');
const DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_INPUT}}` };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tk-grafana-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The committed JSON, as Grafana's importer reads it (plain JSON, no TypeScript types). */
const committed = (): Json => JSON.parse(readFileSync(JSON_FILE, 'utf8')) as Json;

// Deliberately loose: the tests below look at the JSON as the importer does, field by field.
interface Json {
  [key: string]: unknown;
}
interface JsonPanel extends Json {
  id: number;
  type: string;
  title?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: unknown;
  targets?: Json[];
  panels?: JsonPanel[];
}
interface JsonVariable extends Json {
  name: string;
  type: string;
  query: unknown;
  datasource?: unknown;
}

function panelsOf(json: Json): JsonPanel[] {
  const top = (json.panels ?? []) as JsonPanel[];
  return top.flatMap((p) => [p, ...(p.panels ?? [])]);
}
const variablesOf = (json: Json) =>
  ((json.templating as { list?: JsonVariable[] } | undefined)?.list ?? []) as JsonVariable[];

/** Every query: each panel target's `expr`, and the series selector of each label_values(). */
function queriesOf(json: Json): { where: string; expr: string }[] {
  const fromPanels = panelsOf(json).flatMap((p) =>
    (p.targets ?? []).map((t) => ({
      where: `panel ${p.id} "${p.title}" target ${String(t.refId)}`,
      expr: String(t.expr),
    })),
  );
  const fromVariables = variablesOf(json).map((v) => {
    const m = /^label_values\((.+),\s*([a-zA-Z_]\w*)\)$/.exec(String(v.query));
    return {
      where: `variable ${v.name}`,
      expr: m?.[1] ?? `(not label_values: ${String(v.query)})`,
    };
  });
  return [...fromPanels, ...fromVariables];
}

/** Grafana's variables as promtool can take them (the values a 5-minute range would give). */
const GRAFANA_BUILTINS: Record<string, string> = {
  __range: '5m',
  __rate_interval: '5m',
  __interval: '1m',
};
const variableNames = (expr: string) =>
  [...expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1] as string);
const substitute = (expr: string, values: Record<string, string>) =>
  expr.replace(/\$\{?(\w+)\}?/g, (all, name: string) => values[name] ?? all);

function promtool(args: string[]): { ok: boolean; output: string } {
  try {
    const out = execFileSync(requirePeer('promtool'), args, {
      cwd: tmp,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output: out };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** Each expression as a recording rule, so that `promtool check rules` parses them all. */
function checkExpressions(queries: { where: string; expr: string }[], name: string) {
  const file = path.join(tmp, name);
  const rules = queries.map((q, i) => ({ record: `grafana:query_${i}`, expr: q.expr }));
  writeFileSync(file, dump({ groups: [{ name: 'grafana', rules }] }));
  const result = promtool(['check', 'rules', file]);
  const legend = rules.map((r, i) => `${r.record}: ${queries[i]?.where}`).join('\n');
  return { ...result, output: `${result.output}\n${legend}` };
}

/** The fenced code blocks of the README, by language. */
function readmeBlocks(lang: string): string[] {
  const text = readFileSync(README, 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
    .filter((m) => m[1] === lang)
    .map((m) => m[2] as string);
}
const readmeConfigs = () => readmeBlocks('yaml').filter((b) => /^scrape_configs:/m.test(b));
const readmeRules = () => {
  const rules = readmeBlocks('yaml').filter((b) => /^groups:/m.test(b));
  expect(rules, 'one rules file in the README').toHaveLength(1);
  return rules[0] as string;
};
interface RuleFile {
  groups: { name: string; rules: { alert?: string; expr: string; annotations?: unknown }[] }[];
}

async function exportedMetricNames(): Promise<string[]> {
  const metrics = await createEngineMetrics(() => []).registry.getMetricsAsJSON();
  return metrics.map((m) => m.name);
}
const metricNames = (expr: string) =>
  [...expr.matchAll(/\btunnelkeeper_[a-z_]+/g)].map((m) => m[0]);

describe('Grafana dashboard (docs/grafana)', () => {
  it('tunnelkeeper.json is the output of dashboard.ts (typed with @grafana/schema)', async () => {
    const generated = JSON.parse(JSON.stringify(dashboard)) as Json;
    if (process.env.UPDATE_GRAFANA_DASHBOARD === '1') {
      const options = { ...(await resolveConfig(JSON_FILE)), filepath: JSON_FILE };
      writeFileSync(JSON_FILE, await format(JSON.stringify(generated), options));
    }
    // Compared as JSON so that formatting does not matter.
    expect(committed(), 'run with UPDATE_GRAFANA_DASHBOARD=1 to regenerate').toEqual(generated);
  });

  it('is importable as is: one Prometheus input, used by every query; what it requires', () => {
    const json = committed();
    expect(json.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(json.id).toBeNull();
    expect(json.title).toEqual(expect.any(String));
    expect(json.schemaVersion).toEqual(expect.any(Number));
    expect(json.__inputs).toEqual([
      expect.objectContaining({
        name: DATASOURCE_INPUT,
        type: 'datasource',
        pluginId: 'prometheus',
        label: expect.any(String),
      }),
    ]);
    // The importer substitutes only the declared inputs: no other ${DS_…} may be left over.
    const text = readFileSync(JSON_FILE, 'utf8');
    expect(new Set(text.match(/\$\{DS_\w+\}/g))).toEqual(new Set([`\${${DATASOURCE_INPUT}}`]));

    const panels = panelsOf(json);
    const queryPanels = panels.filter((p) => p.type !== 'row');
    expect(queryPanels.length).toBeGreaterThan(0);
    for (const p of queryPanels) {
      expect(p.datasource, `panel ${p.id}`).toEqual(DATASOURCE);
      expect(p.targets?.length, `panel ${p.id} has queries`).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(t.datasource, `panel ${p.id}`).toEqual(DATASOURCE);
        expect(t.expr, `panel ${p.id}`).toMatch(/\S/);
      }
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, `panel ${p.id}: refIds`).toBe(refIds.length);
    }
    for (const v of variablesOf(json).filter((v) => v.type === 'query'))
      expect(v.datasource, `variable ${v.name}`).toEqual(DATASOURCE);

    const requires = json.__requires as { type: string; id: string }[];
    expect(requires).toContainEqual(expect.objectContaining({ type: 'grafana', id: 'grafana' }));
    expect(requires).toContainEqual(
      expect.objectContaining({ type: 'datasource', id: 'prometheus' }),
    );
    const required = requires.filter((r) => r.type === 'panel').map((r) => r.id);
    expect(new Set(required)).toEqual(new Set(queryPanels.map((p) => p.type)));
  });

  it('has a layout Grafana keeps: unique ids, inside 24 columns, no panel over another', () => {
    const panels = panelsOf(committed());
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { id, gridPos: g } of panels) {
      expect(
        g.x >= 0 && g.w > 0 && g.h > 0 && g.x + g.w <= 24,
        `panel ${id} ${JSON.stringify(g)}`,
      ).toBe(true);
    }
    for (const [i, a] of panels.entries())
      for (const b of panels.slice(i + 1)) {
        const apart =
          a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
          b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
          a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
          b.gridPos.y + b.gridPos.h <= a.gridPos.y;
        expect(apart, `panels ${a.id} and ${b.id} overlap`).toBe(true);
      }
  });

  it('has the panels of issue 18 on the expected queries, and the profile variable', () => {
    const json = committed();
    const panels = panelsOf(json);
    const exprs = (type: string) =>
      panels.filter((p) => p.type === type).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const byTitle = (title: string, type: string) =>
      panels.find((p) => p.title === title && p.type === type);

    // Up/down as a state timeline, 1 = Up (green), 0 = Down (red).
    const upDown = byTitle('Up / down', 'state-timeline');
    expect(upDown?.targets?.[0]?.expr).toMatch(/^tunnelkeeper_tunnel_up\{/);
    expect(
      (upDown?.fieldConfig as { defaults: { mappings: unknown[] } }).defaults.mappings,
    ).toContainEqual({
      type: 'value',
      options: {
        '1': expect.objectContaining({ text: 'Up', color: 'green' }),
        '0': expect.objectContaining({ text: 'Down', color: 'red' }),
      },
    });
    expect(byTitle('State', 'stat')?.targets?.[0]?.expr).toMatch(/tunnelkeeper_tunnel_state/);
    expect(exprs('stat')).toContainEqual(
      expect.stringMatching(/^avg_over_time\(tunnelkeeper_tunnel_up\{.*\}\[\$__range\]\) \* 100$/),
    );
    expect(exprs('timeseries')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^increase\(tunnelkeeper_tunnel_reconnects_total\{.*\}\[\$__rate_interval\]\)$/,
        ),
        expect.stringMatching(
          /^rate\(tunnelkeeper_forward_bytes_total\{.*\}\[\$__rate_interval\]\)$/,
        ),
        expect.stringMatching(/^tunnelkeeper_forward_active_connections\{/),
        expect.stringMatching(/tunnelkeeper_remote_bind_failures_total/),
      ]),
    );
    expect(exprs('stat')).toContainEqual(expect.stringMatching(/^tunnelkeeper_build_info\{/));

    const profile = variablesOf(json).find((v) => v.name === 'profile');
    expect(profile).toMatchObject({ type: 'query', multi: true, includeAll: true });
    expect(profile?.query).toMatch(/^label_values\(tunnelkeeper_tunnel_up(\{[^}]*\})?, profile\)$/);

    // Every variable a query uses is one of the dashboard's or one Grafana provides.
    const defined = new Set([
      ...variablesOf(json).map((v) => v.name),
      ...Object.keys(GRAFANA_BUILTINS),
    ]);
    for (const q of queriesOf(json))
      for (const name of variableNames(q.expr))
        expect(defined, `${q.where}: $${name}`).toContain(name);
  });

  it('every query is PromQL that promtool accepts', () => {
    const queries = queriesOf(committed()).map((q) => ({
      ...q,
      // Template variables become what Grafana would put there ($profile: its "All" value).
      expr: substitute(q.expr, { ...GRAFANA_BUILTINS, instance: 'host:9469', profile: '.*' }),
    }));
    const result = checkExpressions(queries, 'dashboard-queries.yml');
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
    // The check bites: a broken expression is refused.
    const broken = checkExpressions(
      [{ where: 'probe', expr: 'rate(tunnelkeeper_tunnel_up[5m)' }],
      'broken.yml',
    );
    expect(broken.ok, broken.output).toBe(false);
  });

  it("the State panels' query gives each tunnel its state's code, which the mappings name", () => {
    const json = committed();
    const statePanels = panelsOf(json).filter((p) => /^State/.test(p.title ?? ''));
    expect(statePanels.map((p) => p.type).sort()).toEqual(['stat', 'state-timeline']);
    const exprs = new Set(statePanels.map((p) => p.targets?.[0]?.expr));
    expect(exprs.size, 'both panels run the same query').toBe(1);
    const expr = substitute([...exprs][0] as string, { instance: 'host:9469', profile: '.*' });
    // One tunnel in each state; the expected value is the one whose mapping names that state.
    const mappings = (statePanels[0]?.fieldConfig as { defaults: { mappings: Json[] } }).defaults
      .mappings[0]?.options as Record<string, { text: string }>;
    const codeOf = (state: string) =>
      Object.entries(mappings).find(([, m]) => m.text.toLowerCase().startsWith(state))?.[0];
    const input_series = TUNNEL_STATES.flatMap((current) =>
      TUNNEL_STATES.map((state) => ({
        series: `tunnelkeeper_tunnel_state{instance="host:9469", job="tunnelkeeper", profile="p-${current}", state="${state}"}`,
        values: state === current ? '1x5' : '0x5',
      })),
    );
    const exp_samples = TUNNEL_STATES.map((state) => ({
      labels: `{profile="p-${state}"}`,
      value: Number(codeOf(state)),
    }));
    expect(exp_samples.every((e) => Number.isInteger(e.value))).toBe(true);
    expect(Object.keys(mappings)).toHaveLength(TUNNEL_STATES.length);
    const test = {
      rule_files: [],
      tests: [
        {
          interval: '1m',
          input_series,
          promql_expr_test: [{ expr, eval_time: '3m', exp_samples }],
        },
      ],
    };
    writeFileSync(path.join(tmp, 'state-test.yml'), dump(test));
    const result = promtool(['test', 'rules', 'state-test.yml']);
    expect(result.ok, result.output).toBe(true);
  });

  it('reads only metrics the engine exports, and shows every one of them', async () => {
    const exported = await exportedMetricNames();
    expect(exported.length).toBeGreaterThan(0);
    const inDashboard = queriesOf(committed()).flatMap((q) => metricNames(q.expr));
    const inRules = (load(readmeRules()) as RuleFile).groups
      .flatMap((g) => g.rules)
      .flatMap((r) => metricNames(r.expr));
    for (const name of [...inDashboard, ...inRules]) expect(exported).toContain(name);
    expect(new Set(inDashboard)).toEqual(new Set(exported));
  });
});

describe('docs/grafana/README.md', () => {
  it('its alerting rules load in promtool', () => {
    writeFileSync(path.join(tmp, 'tunnelkeeper-alerts.yml'), readmeRules());
    const result = promtool(['check', 'rules', 'tunnelkeeper-alerts.yml']);
    expect(result.ok, result.output).toBe(true);
  });

  it('TunnelkeeperTunnelDown fires after 5 minutes down, for that tunnel only', () => {
    // Annotations left out: this is about when it fires and with which labels.
    const rules = load(readmeRules()) as RuleFile;
    for (const group of rules.groups) for (const rule of group.rules) delete rule.annotations;
    writeFileSync(path.join(tmp, 'alerts-bare.yml'), dump(rules));
    const series = (profile: string) =>
      `tunnelkeeper_tunnel_up{instance="127.0.0.1:9469", job="tunnelkeeper", profile="${profile}"}`;
    const firing = (profile: string) => ({
      exp_labels: {
        severity: 'warning',
        instance: '127.0.0.1:9469',
        job: 'tunnelkeeper',
        profile,
      },
    });
    const test = {
      rule_files: ['alerts-bare.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // Up for 2 minutes, then down.
            { series: series('db'), values: '1 1 0x15' },
            // Down 3 minutes, back up: never long enough.
            { series: series('web'), values: '1 0 0 0 1x13' },
            { series: series('mail'), values: '1x16' },
          ],
          alert_rule_test: [
            { eval_time: '6m', alertname: 'TunnelkeeperTunnelDown', exp_alerts: [] },
            { eval_time: '7m', alertname: 'TunnelkeeperTunnelDown', exp_alerts: [firing('db')] },
            { eval_time: '15m', alertname: 'TunnelkeeperTunnelDown', exp_alerts: [firing('db')] },
          ],
        },
      ],
    };
    writeFileSync(path.join(tmp, 'alerts-test.yml'), dump(test));
    const result = promtool(['test', 'rules', 'alerts-test.yml']);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/SUCCESS/);
  });

  it('its Prometheus configurations load in promtool (with the rules file they name)', () => {
    writeFileSync(path.join(tmp, 'tunnelkeeper-alerts.yml'), readmeRules());
    const configs = readmeConfigs();
    expect(configs.length).toBe(2);
    const targets = configs.flatMap((c) =>
      (load(c) as { scrape_configs: { static_configs: { targets: string[] }[] }[] }).scrape_configs
        .flatMap((s) => s.static_configs)
        .flatMap((s) => s.targets),
    );
    expect(targets).toContain('127.0.0.1:9469');
    expect(targets.some((t) => t.endsWith(':9182'))).toBe(true);
    for (const [i, config] of configs.entries()) {
      writeFileSync(path.join(tmp, `prometheus-${i}.yml`), config);
      const result = promtool(['check', 'config', `prometheus-${i}.yml`]);
      expect(result.ok, `${config}\n${result.output}`).toBe(true);
    }
  });

  it('its engine command lines use options `tunnelkeeper engine run` has', () => {
    const program = new Command('tunnelkeeper');
    registerEngine(program);
    const run = program.commands
      .find((c) => c.name() === 'engine')
      ?.commands.find((c) => c.name() === 'run');
    const options = new Set(run?.options.map((o) => o.long));
    const lines = [...readmeBlocks('sh'), ...readmeBlocks('powershell')]
      .flatMap((b) => b.split('\n'))
      .filter((l) => l.startsWith('tunnelkeeper engine run'));
    expect(lines.join('\n')).toMatch(/--metrics 127\.0\.0\.1:9469/);
    expect(lines.join('\n')).toMatch(/--metrics-file .*\.prom"?$/m);
    for (const line of lines)
      for (const [flag] of line.matchAll(/--[a-z][a-z-]*/g)) expect(options, line).toContain(flag);
  });
});

/**
 * The source of docs/grafana/tunnelkeeper.json, the Grafana dashboard of the engine's Prometheus
 * metrics (main/core/engine/metrics.ts). Written here, typed with Grafana's own schema types
 * (@grafana/schema: the dashboard model, and each panel plugin's options), so that
 * `npm run typecheck` checks it; tests/docs/grafana.test.ts checks that the JSON is this module's
 * output (UPDATE_GRAFANA_DASHBOARD=1 rewrites it), that promtool accepts every query, and that
 * every metric read is one the engine exports.
 *
 * The JSON is an export "for sharing externally": `__inputs` makes Grafana's "Import dashboard"
 * ask for the Prometheus data source and put its uid wherever `${DS_PROMETHEUS}` stands.
 */
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  DashboardCursorSync,
  FieldColorModeId,
  GraphDrawStyle,
  GraphGradientMode,
  GraphTransform,
  LegendDisplayMode,
  LineInterpolation,
  MappingType,
  PercentChangeColorMode,
  SortOrder,
  StackingMode,
  ThresholdsMode,
  TooltipDisplayMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
  VisibilityMode,
  VizOrientation,
  type Dashboard,
  type DataQuery,
  type DataSourceRef,
  type FieldConfig,
  type GridPos,
  type Panel,
  type RowPanel,
  type ThresholdsConfig,
  type ValueMapping,
  type VariableModel,
} from '@grafana/schema';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type {
  FieldConfig as StateTimelineFieldConfig,
  Options as StateTimelineOptions,
} from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import { TUNNEL_STATES, type TunnelStateName } from '../../contract/tunnel-state';

/** What "Import dashboard" asks for (not part of the saved dashboard model, so typed here). */
export interface DashboardInput {
  name: string;
  label: string;
  description: string;
  type: 'datasource';
  pluginId: string;
  pluginName: string;
}

/** The plugins the dashboard needs; the importer lists them. */
export interface DashboardRequirement {
  type: 'grafana' | 'datasource' | 'panel';
  id: string;
  name: string;
  version: string;
}

export interface ImportableDashboard extends Dashboard {
  __inputs: DashboardInput[];
  __elements: Record<string, never>;
  __requires: DashboardRequirement[];
}

/**
 * A Prometheus query: Grafana's common DataQuery fields and the data source's own. A type alias,
 * not an interface, so that it fits Panel's `targets: Record<string, unknown>[]`.
 */
type PromQuery = {
  refId: string;
  datasource: DataSourceRef;
  expr: string;
  legendFormat: string;
  range: boolean;
  instant: boolean;
  editorMode: 'code';
};

export const DATASOURCE_INPUT = 'DS_PROMETHEUS';
const datasource: DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_INPUT}}` };

/** One engine at a time (a host's profiles share names with another host's), any profiles. */
const SELECTOR = 'instance="$instance", profile=~"$profile"';

function prom(expr: string, legendFormat: string, kind: 'range' | 'instant'): PromQuery {
  const query: PromQuery = {
    refId: 'A',
    datasource,
    editorMode: 'code',
    expr,
    legendFormat,
    range: kind === 'range',
    instant: kind === 'instant',
  };
  return query satisfies DataQuery;
}

const thresholds = (...steps: [string, number | null][]): ThresholdsConfig => ({
  mode: ThresholdsMode.Absolute,
  steps: steps.map(([color, value]) => ({ color, value })),
});

const valueMap = (entries: [number, string, string][]): ValueMapping[] => [
  {
    type: MappingType.ValueToText,
    options: Object.fromEntries(
      entries.map(([value, text, color], index) => [String(value), { text, color, index }]),
    ),
  },
];

const UP_DOWN = valueMap([
  [1, 'Up', 'green'],
  [0, 'Down', 'red'],
]);

/**
 * The state as one number per tunnel, so that a stat and a state timeline can name and colour
 * it: tunnelkeeper_tunnel_state is 1 for the state the tunnel is in and 0 for the others, so the
 * sum of value × code is the code of the current state. Codes follow TUNNEL_STATES; the table
 * below must name every state (a new one fails the type check until it has a name and colour).
 */
const STATE_LOOK: Record<TunnelStateName, { text: string; color: string }> = {
  connecting: { text: 'Connecting', color: 'blue' },
  authenticating: { text: 'Authenticating', color: 'purple' },
  connected: { text: 'Connected', color: 'green' },
  degraded: { text: 'Degraded', color: 'orange' },
  waiting: { text: 'Waiting to retry', color: 'yellow' },
  failed: { text: 'Failed', color: 'red' },
  stopped: { text: 'Stopped', color: '#808080' },
};
const stateCode = (state: TunnelStateName) => TUNNEL_STATES.indexOf(state) + 1;
const STATE_EXPR = `sum by (profile) (\n${TUNNEL_STATES.map(
  (state) => `    tunnelkeeper_tunnel_state{${SELECTOR}, state="${state}"} * ${stateCode(state)}`,
).join('\n  or\n')}\n)`;
const STATES = valueMap(
  TUNNEL_STATES.map((state) => [stateCode(state), STATE_LOOK[state].text, STATE_LOOK[state].color]),
);

interface Common {
  id: number;
  title: string;
  description: string;
  gridPos: GridPos;
  targets: PromQuery[];
}

function statPanel(
  common: Common,
  defaults: FieldConfig,
  options: Partial<Pick<StatOptions, 'colorMode' | 'textMode' | 'graphMode'>> = {},
): Panel {
  return {
    type: 'stat',
    datasource,
    ...common,
    fieldConfig: {
      defaults: { color: { mode: FieldColorModeId.Thresholds }, ...defaults },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      orientation: VizOrientation.Auto,
      textMode: BigValueTextMode.ValueAndName,
      colorMode: BigValueColorMode.Background,
      graphMode: BigValueGraphMode.None,
      justifyMode: BigValueJustifyMode.Auto,
      showPercentChange: false,
      percentChangeColorMode: PercentChangeColorMode.Standard,
      wideLayout: true,
      ...options,
    } satisfies StatOptions,
  };
}

function stateTimelinePanel(common: Common, mappings: ValueMapping[]): Panel {
  return {
    type: 'state-timeline',
    datasource,
    ...common,
    fieldConfig: {
      defaults: {
        color: { mode: FieldColorModeId.Thresholds },
        thresholds: thresholds(['text', null]),
        mappings,
        custom: { fillOpacity: 80, lineWidth: 0 } satisfies StateTimelineFieldConfig,
      },
      overrides: [],
    },
    options: {
      mergeValues: true,
      showValue: VisibilityMode.Auto,
      alignValue: 'left',
      rowHeight: 0.9,
      legend: {
        showLegend: false,
        displayMode: LegendDisplayMode.List,
        placement: 'bottom',
        calcs: [],
      },
      tooltip: { mode: TooltipDisplayMode.Single, sort: SortOrder.None },
    } satisfies StateTimelineOptions,
  };
}

function timeSeriesPanel(
  common: Common,
  defaults: FieldConfig,
  custom: TimeSeriesFieldConfig,
  overrides: NonNullable<Panel['fieldConfig']>['overrides'] = [],
): Panel {
  return {
    type: 'timeseries',
    datasource,
    ...common,
    fieldConfig: {
      defaults: {
        color: { mode: FieldColorModeId.PaletteClassic },
        thresholds: thresholds(['green', null]),
        ...defaults,
        custom: {
          drawStyle: GraphDrawStyle.Line,
          lineInterpolation: LineInterpolation.Linear,
          lineWidth: 1,
          fillOpacity: 10,
          gradientMode: GraphGradientMode.None,
          showPoints: VisibilityMode.Never,
          spanNulls: false,
          stacking: { mode: StackingMode.None, group: 'A' },
          ...custom,
        } satisfies TimeSeriesFieldConfig,
      },
      overrides,
    },
    options: {
      legend: {
        showLegend: true,
        displayMode: LegendDisplayMode.Table,
        placement: 'right',
        calcs: ['lastNotNull', 'max'],
      },
      tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
    } satisfies TimeSeriesOptions,
  };
}

function row(id: number, title: string, y: number): RowPanel {
  return {
    id,
    type: 'row',
    title,
    collapsed: false,
    gridPos: { h: 1, w: 24, x: 0, y },
    panels: [],
  };
}

const at = (x: number, y: number, w: number, h: number): GridPos => ({ h, w, x, y });

const panels: Array<Panel | RowPanel> = [
  row(1, 'Tunnels', 0),
  statPanel(
    {
      id: 2,
      title: 'Up',
      description:
        'Whether each tunnel is connected now: session up and every forward listening (tunnelkeeper_tunnel_up).',
      gridPos: at(0, 1, 6, 5),
      targets: [prom(`tunnelkeeper_tunnel_up{${SELECTOR}}`, '{{profile}}', 'instant')],
    },
    { mappings: UP_DOWN, thresholds: thresholds(['red', null], ['green', 1]) },
  ),
  statPanel(
    {
      id: 3,
      title: 'State',
      description:
        "Each tunnel's state now (tunnelkeeper_tunnel_state): degraded is a session up with a forward not listening; waiting, a retry scheduled; failed, a cause only a person can fix.",
      gridPos: at(6, 1, 6, 5),
      targets: [prom(STATE_EXPR, '{{profile}}', 'instant')],
    },
    { mappings: STATES, thresholds: thresholds(['text', null]) },
  ),
  statPanel(
    {
      id: 4,
      title: 'In this state for',
      description:
        'Time since each tunnel last changed state (tunnelkeeper_tunnel_last_change_timestamp_seconds).',
      gridPos: at(12, 1, 4, 5),
      targets: [
        prom(
          `time() - tunnelkeeper_tunnel_last_change_timestamp_seconds{${SELECTOR}}`,
          '{{profile}}',
          'instant',
        ),
      ],
    },
    { unit: 'dtdurations', thresholds: thresholds(['text', null]) },
    { colorMode: BigValueColorMode.None },
  ),
  statPanel(
    {
      id: 5,
      title: 'Availability',
      description:
        'Share of the samples in the time range in which the tunnel was up (avg_over_time of tunnelkeeper_tunnel_up).',
      gridPos: at(16, 1, 4, 5),
      targets: [
        prom(
          `avg_over_time(tunnelkeeper_tunnel_up{${SELECTOR}}[$__range]) * 100`,
          '{{profile}}',
          'instant',
        ),
      ],
    },
    {
      unit: 'percent',
      decimals: 2,
      min: 0,
      max: 100,
      thresholds: thresholds(['red', null], ['orange', 95], ['green', 99]),
    },
    { colorMode: BigValueColorMode.Value },
  ),
  statPanel(
    {
      id: 6,
      title: 'Reconnects',
      description:
        'Attempts started after losing (or failing to get) the session, over the time range (tunnelkeeper_tunnel_reconnects_total).',
      gridPos: at(20, 1, 4, 5),
      targets: [
        prom(
          `round(increase(tunnelkeeper_tunnel_reconnects_total{${SELECTOR}}[$__range]))`,
          '{{profile}}',
          'instant',
        ),
      ],
    },
    {
      unit: 'short',
      decimals: 0,
      noValue: '0',
      thresholds: thresholds(['green', null], ['orange', 1], ['red', 10]),
    },
    { colorMode: BigValueColorMode.Value },
  ),
  stateTimelinePanel(
    {
      id: 7,
      title: 'Up / down',
      description: 'Each tunnel up (connected) or down over time (tunnelkeeper_tunnel_up).',
      gridPos: at(0, 6, 12, 8),
      targets: [prom(`tunnelkeeper_tunnel_up{${SELECTOR}}`, '{{profile}}', 'range')],
    },
    UP_DOWN,
  ),
  stateTimelinePanel(
    {
      id: 8,
      title: 'State history',
      description: "Each tunnel's state over time (tunnelkeeper_tunnel_state).",
      gridPos: at(12, 6, 12, 8),
      targets: [prom(STATE_EXPR, '{{profile}}', 'range')],
    },
    STATES,
  ),
  timeSeriesPanel(
    {
      id: 9,
      title: 'Reconnects',
      description:
        'Reconnect attempts per interval (increase of tunnelkeeper_tunnel_reconnects_total).',
      gridPos: at(0, 14, 18, 7),
      targets: [
        prom(
          `increase(tunnelkeeper_tunnel_reconnects_total{${SELECTOR}}[$__rate_interval])`,
          '{{profile}}',
          'range',
        ),
      ],
    },
    { unit: 'short', min: 0 },
    { drawStyle: GraphDrawStyle.Bars, fillOpacity: 80 },
  ),
  statPanel(
    {
      id: 10,
      title: 'Engine version',
      description: 'Version of the engine that serves these metrics (tunnelkeeper_build_info).',
      gridPos: at(18, 14, 6, 7),
      targets: [prom('tunnelkeeper_build_info{instance="$instance"}', '{{version}}', 'instant')],
    },
    { thresholds: thresholds(['text', null]) },
    { textMode: BigValueTextMode.Name, colorMode: BigValueColorMode.None },
  ),
  row(11, 'Forwards', 21),
  stateTimelinePanel(
    {
      id: 12,
      title: 'Forwards listening',
      description:
        'Each forward listening while its tunnel is up, or not (tunnelkeeper_forward_up).',
      gridPos: at(0, 22, 12, 8),
      targets: [prom(`tunnelkeeper_forward_up{${SELECTOR}}`, '{{profile}} / {{forward}}', 'range')],
    },
    valueMap([
      [1, 'Listening', 'green'],
      [0, 'Not listening', 'red'],
    ]),
  ),
  timeSeriesPanel(
    {
      id: 13,
      title: 'Active connections',
      description:
        'Connections open through each forward (tunnelkeeper_forward_active_connections).',
      gridPos: at(12, 22, 12, 8),
      targets: [
        prom(
          `tunnelkeeper_forward_active_connections{${SELECTOR}}`,
          '{{profile}} / {{forward}}',
          'range',
        ),
      ],
    },
    { unit: 'short', min: 0, decimals: 0 },
    { lineInterpolation: LineInterpolation.StepAfter },
  ),
  timeSeriesPanel(
    {
      id: 14,
      title: 'Throughput',
      description:
        'Bytes per second through each forward: sent into the tunnel above the axis, received out of it below (rate of tunnelkeeper_forward_bytes_total).',
      gridPos: at(0, 30, 16, 8),
      targets: [
        prom(
          `rate(tunnelkeeper_forward_bytes_total{${SELECTOR}}[$__rate_interval])`,
          '{{profile}} / {{forward}} {{direction}}',
          'range',
        ),
      ],
    },
    { unit: 'Bps' },
    {},
    [
      {
        matcher: { id: 'byRegexp', options: '.* received' },
        properties: [{ id: 'custom.transform', value: GraphTransform.NegativeY }],
      },
    ],
  ),
  timeSeriesPanel(
    {
      id: 15,
      title: 'Remote bind failures',
      description:
        'Remote forwards the server refused to bind, per interval and cause: a port held (often by a stale session) or not permitted (tunnelkeeper_remote_bind_failures_total).',
      gridPos: at(16, 30, 8, 8),
      targets: [
        prom(
          `increase(tunnelkeeper_remote_bind_failures_total{${SELECTOR}}[$__rate_interval])`,
          '{{profile}} / {{forward}}: {{cause}}',
          'range',
        ),
      ],
    },
    { unit: 'short', min: 0 },
    { drawStyle: GraphDrawStyle.Bars, fillOpacity: 80 },
  ),
  timeSeriesPanel(
    {
      id: 16,
      title: 'Keepalive round trip',
      description:
        "How long the server takes to answer the session's keepalive: the path to the proxy, as the tunnel sees it. A rising line before an outage is a network going bad (tunnelkeeper_keepalive_rtt_seconds).",
      gridPos: at(0, 38, 24, 8),
      targets: [prom(`tunnelkeeper_keepalive_rtt_seconds{${SELECTOR}}`, '{{profile}}', 'range')],
    },
    { unit: 's', min: 0 },
    {},
  ),
];

const variables: VariableModel[] = [
  {
    name: 'instance',
    label: 'Engine',
    description: 'The engine (Prometheus instance) whose tunnels are shown.',
    type: 'query',
    datasource,
    query: 'label_values(tunnelkeeper_build_info, instance)',
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: VariableSort.alphabeticalAsc,
    hide: VariableHide.dontHide,
    multi: false,
    includeAll: false,
    regex: '',
    options: [],
    skipUrlSync: false,
  },
  {
    name: 'profile',
    label: 'Tunnel',
    description: 'The tunnel profiles shown.',
    type: 'query',
    datasource,
    query: 'label_values(tunnelkeeper_tunnel_up{instance="$instance"}, profile)',
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: VariableSort.alphabeticalAsc,
    hide: VariableHide.dontHide,
    multi: true,
    includeAll: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    regex: '',
    options: [],
    skipUrlSync: false,
  },
];

const PANEL_NAMES: Record<string, string> = {
  stat: 'Stat',
  'state-timeline': 'State timeline',
  timeseries: 'Time series',
};

export const dashboard: ImportableDashboard = {
  __inputs: [
    {
      name: DATASOURCE_INPUT,
      label: 'Prometheus',
      description: 'The Prometheus that scrapes the Tunnelkeeper engine (or windows_exporter).',
      type: 'datasource',
      pluginId: 'prometheus',
      pluginName: 'Prometheus',
    },
  ],
  __elements: {},
  __requires: [
    { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
    { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ...[...new Set(panels.map((p) => p.type).filter((t) => t !== 'row'))]
      .sort()
      .map((id) => ({ type: 'panel' as const, id, name: PANEL_NAMES[id] ?? id, version: '' })),
  ],
  annotations: {
    list: [
      {
        builtIn: 1,
        datasource: { type: 'grafana', uid: '-- Grafana --' },
        enable: true,
        hide: true,
        iconColor: 'rgba(0, 211, 255, 1)',
        name: 'Annotations & Alerts',
        type: 'dashboard',
      },
    ],
  },
  description:
    'SSH tunnels kept by Tunnelkeeper: up/down, state, availability, reconnects, forwards, traffic.',
  editable: true,
  fiscalYearStartMonth: 0,
  graphTooltip: DashboardCursorSync.Crosshair,
  id: null,
  links: [],
  liveNow: false,
  panels,
  refresh: '30s',
  schemaVersion: 39,
  tags: ['tunnelkeeper', 'ssh'],
  templating: { list: variables },
  time: { from: 'now-6h', to: 'now' },
  timepicker: {},
  timezone: 'browser',
  title: 'Tunnelkeeper',
  uid: 'tunnelkeeper',
  version: 1,
  weekStart: '',
};

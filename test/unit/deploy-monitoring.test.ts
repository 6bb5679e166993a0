import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { registry } from '../../src/metrics/registry';
import '../../src/metrics/delivery-metrics';
import '../../src/metrics/http-metrics';
import { STORE_GAUGES } from '../../src/metrics/store-gauges';
import { SDK_METRICS_USED } from '../../src/metrics/sdk-metrics';

/**
 * deploy/'s Grafana dashboard and Prometheus alerting rules parse, and name only metrics
 * hookflow exports: read from the code's registry (and the SDK metrics the worker test
 * checks are served), not from a list kept by hand.
 */
const DEPLOY = resolve(__dirname, '..', '..', 'deploy');
const read = (path: string) => readFileSync(join(DEPLOY, path), 'utf8');

interface Exported {
  name: string;
  type: string;
}

function exportedSeriesNames(): Set<string> {
  const metrics: Exported[] = [
    ...registry.getMetricsAsArray().map((m) => ({ name: m.name, type: String(m.type) })),
    ...STORE_GAUGES.map((g) => ({ name: (g as unknown as { name: string }).name, type: 'gauge' })),
    // The SDK's histograms (…_seconds) and gauges.
    ...SDK_METRICS_USED.map((name) => ({ name, type: name.endsWith('_seconds') ? 'histogram' : 'gauge' })),
  ];
  const names = new Set<string>();
  for (const { name, type } of metrics) {
    names.add(name);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

/** The metric names an expression reads: identifiers with one of the prefixes our metrics have. */
function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:hookflow|temporal|process|nodejs)_[a-zA-Z0-9_]+)/g)].map((m) => m[1]!);
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

describe('deploy/ monitoring files', () => {
  const exported = exportedSeriesNames();

  it('the registry holds the metrics dashboards and alerts rely on', () => {
    for (const name of [
      'hookflow_events_published_total',
      'hookflow_delivery_attempts_total',
      'hookflow_delivery_attempt_duration_seconds_bucket',
      'hookflow_deliveries_settled_total',
      'hookflow_deliveries_backlog',
      'hookflow_oldest_new_delivery_age_seconds',
      'hookflow_http_requests_total',
      'hookflow_http_request_duration_seconds_bucket',
      'process_resident_memory_bytes',
    ]) {
      expect(exported).toContain(name);
    }
  });

  it('alerts.yml parses, every rule has an alert name, an expression and a summary, and names only exported metrics', () => {
    const rules = parse(read('prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.map((r) => r.alert).sort()).toEqual([
      'HookflowAttemptFailureRatioHigh',
      'HookflowBacklogGrowing',
      'HookflowOldestNewDeliveryStale',
      'HookflowWorkerScheduleToStartSlow',
      'HookflowWorkerStalled',
    ]);
    for (const rule of all) {
      expect(rule.expr.trim()).not.toBe('');
      expect(rule.annotations?.summary).toBeTruthy();
      const names = metricNamesIn(rule.expr);
      expect(names.length).toBeGreaterThan(0);
      expect({ rule: rule.alert, unknown: names.filter((n) => !exported.has(n)) }).toEqual({ rule: rule.alert, unknown: [] });
    }
  });

  it('the Grafana dashboard parses, queries the provisioned datasource, and names only exported metrics', () => {
    const dashboard = JSON.parse(read('grafana/dashboards/hookflow.json')) as {
      uid: string;
      panels: { title: string; type: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    const datasources = parse(read('grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string }[] };
    const uids = datasources.datasources.map((d) => d.uid);
    const queries = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queries.length).toBeGreaterThan(10);
    for (const panel of queries) {
      expect(uids).toContain(panel.datasource?.uid);
      expect(panel.targets?.length).toBeGreaterThan(0);
      const names = panel.targets!.flatMap((t) => metricNamesIn(t.expr));
      expect(names.length).toBeGreaterThan(0);
      expect({ panel: panel.title, unknown: names.filter((n) => !exported.has(n)) }).toEqual({ panel: panel.title, unknown: [] });
    }
  });

  it('prometheus.yml loads alerts.yml and scrapes the API and the worker on the ports compose gives them', () => {
    const config = parse(read('prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const targets = Object.fromEntries(config.scrape_configs.map((c) => [c.job_name, c.static_configs.flatMap((s) => s.targets)]));
    expect(targets).toEqual({ 'hookflow-api': ['hookflow-api:3000'], 'hookflow-worker': ['hookflow-worker:9464'] });
    const compose = parse(readFileSync(resolve(DEPLOY, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; profiles?: string[]; volumes?: string[] }>;
    };
    expect(compose.services['hookflow-worker']?.environment?.METRICS_PORT).toBe('9464');
    expect(compose.services['hookflow-api']?.environment?.PORT).toBe('3000');
    expect(compose.services.prometheus?.profiles).toEqual(['monitoring']);
    expect(compose.services.grafana?.profiles).toEqual(['monitoring']);
    expect(compose.services.prometheus?.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    expect(compose.services.grafana?.volumes).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });
});

import { latencyChartSvg } from './chart';
import { hopSummaries, hopWaits } from './hops';
import { bucketOf } from './profile';
import { formatNumber, percentile, summarize, summaryLine, table } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted values', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 });
    expect(summarize([]).count).toBe(0);
  });

  it('prints the summary line issues 10 and 17 ask for, the last line of npm run bench', () => {
    const line = summaryLine({
      maxAppsPerS: 212.4,
      p99MsAt100: 840.6,
      ceilingCommitsPerS: 1548.2,
      eventsPerCommitRatio: 0.1049,
      cpuMsPerApp: 24.56,
      commitsPerApp: 7.94,
      p99MsAt50: 612.2,
    });
    expect(line).toBe(
      'bench: max_apps_per_s=212 p99_ms_at_100=841 ceiling_commits_per_s=1548 events_per_commit_ratio=0.10 cpu_ms_per_app=24.6 commits_per_app=7.9 p99_ms_at_50=612',
    );
    expect(summaryLine({ maxAppsPerS: 3, ceilingCommitsPerS: 10, eventsPerCommitRatio: Number.NaN })).toBe(
      'bench: max_apps_per_s=3 p99_ms_at_100=NA ceiling_commits_per_s=10 events_per_commit_ratio=NA cpu_ms_per_app=NA commits_per_app=NA p99_ms_at_50=NA',
    );
  });

  it('lays out a table and formats numbers', () => {
    expect(table([['stage', 'apps'], ['max', 1500], ['25/s', 250]])).toBe('stage  apps\n-----  ----\nmax    1500\n25/s    250');
    expect([formatNumber(3.14159), formatNumber(12.34), formatNumber(123.4), formatNumber(Number.NaN)]).toEqual(['3.14', '12.3', '123', '-']);
  });

  it('draws one line per percentile in a standalone SVG', () => {
    const svg = latencyChartSvg(
      [
        { label: '25/s', offered: 25, achieved: 25, p50: 120, p95: 300, p99: 450 },
        { label: '100/s', offered: 100, achieved: 60, p50: 2000, p95: 9000, p99: 12000 },
      ],
      'test <chart>',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('test &lt;chart&gt;');
  });

  it('groups profile samples by package and by our folders', () => {
    expect(bucketOf('file:///work/main/node_modules/@nestjs/core/router.js', 'x')).toBe('@nestjs/core');
    expect(bucketOf('file:///work/main/node_modules/pg/lib/client.js', 'x')).toBe('pg');
    expect(bucketOf('/work/main/libs/messaging/src/relay/outbox-relay.ts', 'x')).toBe('libs/messaging/relay');
    expect(bucketOf('/work/main/libs/event-store/src/append.ts', 'x')).toBe('libs/event-store');
    expect(bucketOf('', '(garbage collector)')).toBe('(gc)');
  });
});

describe('bench hops (where an application waits between services)', () => {
  it('given events of several services, measures the wait from the last event in one service (or the POST) to the first in the next', () => {
    const waits = hopWaits([
      {
        sentAt: 1000,
        events: [
          { service: 'routing', type: 'WorkflowStarted', at: 1300 },
          { service: 'intake', type: 'ApplicationSubmitted', at: 1100 },
          { service: 'routing', type: 'ProcedureDispatched', at: 1310 },
          { service: 'civil-registry', type: 'DeathRegistrationRequestReceived', at: 2310 },
        ],
      },
    ]);
    expect(Object.fromEntries(waits)).toEqual({
      'bench:POST -> intake:ApplicationSubmitted': [100],
      'intake:ApplicationSubmitted -> routing:WorkflowStarted': [200],
      'routing:ProcedureDispatched -> civil-registry:DeathRegistrationRequestReceived': [1000],
    });
  });

  it('lists the hops most applications made, the longest total wait first', () => {
    const waits = new Map([
      ['a -> b', [10, 10, 10, 10]],
      ['b -> c', [100, 100, 100, 100]],
      ['rare -> d', [5000]],
    ]);
    expect(hopSummaries(waits, 4, 0.5).map((h) => [h.hop, h.p50])).toEqual([
      ['b -> c', 100],
      ['a -> b', 10],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/metrics/metrics-registry.js';
import { escapeLabelValue, formatValue } from '../../src/metrics/prometheus-text.js';

describe('MetricsRegistry', () => {
  it('renders counters with HELP, TYPE and escaped labels', async () => {
    const reg = new MetricsRegistry();
    const c = reg.counter('argon_test_total', 'A test\ncounter with \\ in help.', ['route']);
    c.inc({ route: '/a' });
    c.inc({ route: '/a' }, 2);
    c.inc({ route: 'say "hi"\n' });
    expect(await reg.render()).toBe(
      '# HELP argon_test_total A test\\ncounter with \\\\ in help.\n' +
        '# TYPE argon_test_total counter\n' +
        'argon_test_total{route="/a"} 3\n' +
        'argon_test_total{route="say \\"hi\\"\\n"} 1\n',
    );
    expect(c.get({ route: '/a' })).toBe(3);
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', async () => {
    const reg = new MetricsRegistry();
    const h = reg.histogram('argon_latency_seconds', 'Latency.', ['op'], [0.1, 1]);
    h.observe({ op: 'find' }, 0.05);
    h.observe({ op: 'find' }, 0.1);
    h.observe({ op: 'find' }, 0.5);
    h.observe({ op: 'find' }, 7);
    expect(await reg.render()).toBe(
      '# HELP argon_latency_seconds Latency.\n' +
        '# TYPE argon_latency_seconds histogram\n' +
        'argon_latency_seconds_bucket{op="find",le="0.1"} 2\n' +
        'argon_latency_seconds_bucket{op="find",le="1"} 3\n' +
        'argon_latency_seconds_bucket{op="find",le="+Inf"} 4\n' +
        'argon_latency_seconds_sum{op="find"} 7.65\n' +
        'argon_latency_seconds_count{op="find"} 4\n',
    );
    expect(h.get({ op: 'find' })).toEqual({ count: 4, sum: 7.65 });
  });

  it('reads collected metrics at scrape time and skips empty or failing ones', async () => {
    const reg = new MetricsRegistry();
    let open = 2;
    reg.collected('argon_open_things', 'Open things.', 'gauge', [], () => [{ value: open }]);
    reg.collected('argon_nothing', 'Nothing.', 'gauge', [], () => []);
    reg.collected('argon_broken', 'Broken.', 'gauge', [], () => {
      throw new Error('boom');
    });
    reg.collected('argon_io_seconds', 'IO.', 'summary', [], async () => [
      { suffix: '_sum', value: 1.5 },
      { suffix: '_count', value: 3 },
    ]);
    expect(await reg.render()).toBe(
      '# HELP argon_open_things Open things.\n# TYPE argon_open_things gauge\nargon_open_things 2\n' +
        '# HELP argon_io_seconds IO.\n# TYPE argon_io_seconds summary\nargon_io_seconds_sum 1.5\nargon_io_seconds_count 3\n',
    );
    open = 5;
    expect(await reg.render()).toContain('argon_open_things 5\n');
  });

  it('refuses duplicate names, bad names, unknown labels and negative increments', () => {
    const reg = new MetricsRegistry();
    reg.counter('argon_a_total', 'A.');
    expect(() => reg.counter('argon_a_total', 'again')).toThrow(/already registered/);
    expect(() => reg.counter('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => reg.counter('argon_b_total', 'x', ['le'])).toThrow(/invalid label name/);
    const c = reg.counter('argon_c_total', 'C.', ['x']);
    expect(() => c.inc({ y: '1' })).toThrow(/missing label 'x'/);
    expect(() => c.inc({ x: '1', y: '2' })).toThrow(/unknown label 'y'/);
    expect(() => c.inc({ x: '1' }, -1)).toThrow(/only go up/);
    expect(() => reg.histogram('argon_h', 'H.', [], [1, 1])).toThrow(/buckets must increase/);
    expect(reg.names()).toEqual(['argon_a_total', 'argon_c_total']);
  });

  it('binds series that render only once used and share values with the label-set calls', async () => {
    const reg = new MetricsRegistry();
    const c = reg.counter('argon_s_total', 'S.', ['x']);
    const h = reg.histogram('argon_s_seconds', 'S.', ['x'], [1]);
    const a = c.series({ x: 'a' });
    const b = c.series({ x: 'b' });
    const ha = h.series({ x: 'a' });
    h.series({ x: 'b' });
    expect(await reg.render()).not.toMatch(/argon_s_total\{|argon_s_seconds_bucket/);
    a.inc();
    c.inc({ x: 'a' }, 2);
    a.inc(3);
    ha.observe(0.5);
    h.observe({ x: 'a' }, 2);
    expect(c.get({ x: 'a' })).toBe(6);
    expect(c.get({ x: 'b' })).toBe(0);
    expect(h.get({ x: 'a' })).toEqual({ count: 2, sum: 2.5 });
    const text = await reg.render();
    expect(text).toContain('argon_s_total{x="a"} 6\n');
    expect(text).not.toContain('x="b"');
    expect(text).toContain('argon_s_seconds_bucket{x="a",le="1"} 1\nargon_s_seconds_bucket{x="a",le="+Inf"} 2\n');
    expect(() => b.inc(-1)).toThrow(/only go up/);
    expect(() => c.series({ y: '1' })).toThrow(/missing label 'x'/);
    expect(() => h.series({ x: '1', y: '2' })).toThrow(/unknown label 'y'/);
  });

  it('formats special values', () => {
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(NaN)).toBe('NaN');
    expect(escapeLabelValue('a\\b')).toBe('a\\\\b');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROMETHEUS_CONTENT_TYPE } from '../../../src/metrics/prometheus-text.js';
import { fixture, type Fixture } from '../admin-fixture.js';

describe('metrics routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture({ connections: () => 5 });
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET /metrics serves the Prometheus text format with command, HTTP and engine metrics', async () => {
    await f.app.inject({ method: 'POST', url: '/api/v1/projects/shop/branches/main/query', payload: { collection: 'orders' } });
    await f.app.inject({ url: '/api/v1/projects/nope/branches' });
    const res = await f.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    const text = res.body;
    expect(text).toContain('# TYPE argon_commands_total counter\n');
    expect(text).toContain('argon_commands_total{command="find",outcome="ok"} 1\n');
    expect(text).toContain('argon_command_duration_seconds_count{command="find"} 1\n');
    expect(text).toContain('argon_http_requests_total{method="POST",route="/api/v1/projects/:project/branches/:branch/query",status="200"} 1\n');
    expect(text).toContain('argon_http_requests_total{method="GET",route="/api/v1/projects/:project/branches",status="404"} 1\n');
    expect(text).toContain('argon_open_cursors 0\n');
    expect(text).toContain('argon_connections 5\n');
    expect(text).toContain('argon_checkpoint_pending_entries{project="shop"} 6\n');
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-z_:]+(\{[^}]*\})? [-+0-9.eInfNa]+$/);
  });
});

import { describe, expect, it } from 'vitest';
import { TOKEN, fixture, json } from '../admin-fixture.js';

describe('health routes', () => {
  it('GET /health and /ready answer without a token, even beyond loopback', async () => {
    const f = await fixture({ host: '0.0.0.0', token: TOKEN });
    try {
      const health = await f.app.inject({ url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(json(health)).toEqual({ status: 'ok' });
      const ready = await f.app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(json(ready)).toEqual({ status: 'ready' });
    } finally {
      await f.close();
    }
  });

  it('GET /ready is 503 NOT_READY once the engine is closed', async () => {
    const f = await fixture();
    try {
      await f.engine.close();
      const res = await f.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toMatchObject({ error: { code: 'NOT_READY', message: 'not ready: the engine is closed' } });
      expect((await f.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await f.close();
    }
  });
});

import type { FastifyInstance } from 'fastify';

interface PropertySchema {
  readonly type?: unknown;
}

/** Converts one query-string value to the type its schema declares, when it reads as one; otherwise leaves it for validation to reject. */
export function coerceQueryValue(value: unknown, schema: PropertySchema | undefined): unknown {
  if (typeof value !== 'string' || !schema) return value;
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/**
 * Query strings are text, JSON bodies are typed. Ajv's type coercion is
 * global, so it is off (a body's `"lsn": "5"` is rejected) and this hook
 * converts query parameters declared integer, number or boolean before
 * validation (`?limit=10`, `?includeDeleted=true`).
 */
export function installQueryCoercion(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, PropertySchema> } | undefined;
    const props = schema?.properties;
    const query = request.query as Record<string, unknown> | undefined;
    if (!props || !query || typeof query !== 'object') return;
    for (const [k, v] of Object.entries(query)) {
      if (Object.hasOwn(props, k)) query[k] = coerceQueryValue(v, props[k]);
    }
  });
}

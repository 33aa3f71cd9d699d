import type { ArgonEngine } from '@argon/core';
import type { AdminOperations } from '../admin/admin-types.js';
import type { ArgonMetrics } from '../metrics/argon-metrics.js';
import type { OpenApiGenerator } from './openapi-generator.js';

/** What route modules need. */
export interface RouteContext {
  readonly admin: AdminOperations;
  readonly engine: ArgonEngine;
  readonly metrics: ArgonMetrics;
  readonly openapi: OpenApiGenerator;
  /** Null when ready, else why not. */
  readonly notReady: () => Promise<string | null>;
}

/** Prefix of the REST routes. */
export const API_PREFIX = '/api/v1';

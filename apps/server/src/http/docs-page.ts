import { allApiErrorCodes, httpStatusOf } from './error-codes.js';
import type { OpenApiDocument } from './openapi-generator.js';

type Json = Record<string, unknown>;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function schemaBlock(schema: unknown): string {
  return `<pre><code>${escapeHtml(JSON.stringify(schema, null, 2))}</code></pre>`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

function parameterTable(params: Json[]): string {
  if (params.length === 0) return '';
  const rows = params
    .map((p) => {
      const schema = (p.schema ?? {}) as Json;
      const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
      return `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(type)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(String(p.description ?? ''))}</td></tr>`;
    })
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Renders the HTML reference of the API from its OpenAPI document: one
 * section per route with method, path, description, parameters, body and
 * response schemas, then the error codes.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const sections: string[] = [];
  const toc: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const id = anchor(method, path);
      const summary = typeof op.summary === 'string' ? op.summary : '';
      toc.push(`<li><a href="#${id}"><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></a> ${escapeHtml(summary)}</li>`);
      const body = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.['application/json']?.schema;
      const responses = Object.entries((op.responses ?? {}) as Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>)
        .map(([status, r]) => {
          const [type, content] = Object.entries(r.content ?? {})[0] ?? ['', {}];
          return `<h5>${escapeHtml(status)} <small>${escapeHtml(r.description ?? '')} (${escapeHtml(type)})</small></h5>${schemaBlock(content.schema ?? {})}`;
        })
        .join('');
      sections.push(
        `<section id="${id}"><h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>` +
          (summary ? `<p><strong>${escapeHtml(summary)}</strong></p>` : '') +
          paragraphs(typeof op.description === 'string' ? op.description : '') +
          parameterTable((op.parameters ?? []) as Json[]) +
          (body ? `<h4>Request body (application/json)</h4>${schemaBlock(body)}` : '') +
          `<h4>Responses</h4>${responses}</section>`,
      );
    }
  }
  const codes = allApiErrorCodes()
    .map((c) => `<tr><td><code>${escapeHtml(c)}</code></td><td>${httpStatusOf(c)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f5f7f9;padding:.75rem;overflow:auto;border-radius:4px}
section{border-top:1px solid #d8dee4;padding-top:.5rem;margin-top:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #d8dee4;padding:.25rem .5rem;text-align:left}
.method{display:inline-block;min-width:4.5em;font-size:.8em;padding:.1em .4em;border-radius:3px;color:#fff;background:#57606a}.get{background:#1f6feb}.post{background:#1a7f37}.delete{background:#cf222e}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
${paragraphs(doc.info.description)}
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors have one format: <code>{"error": {"code", "message", "details", "requestId"}}</code>.</p>
<h2>Routes</h2><ul>${toc.join('')}</ul>
${sections.join('\n')}
<section id="error-codes"><h2>Error codes</h2><table><thead><tr><th>code</th><th>HTTP status</th></tr></thead><tbody>${codes}</tbody></table></section>
</body></html>
`;
}

import { type OpenAPIObject } from '@nestjs/swagger';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * Issue "Security" in the OpenAPI document: the bearer scheme on every operation, 401 and 403
 * (and 429) answers; probes and public operations (tagged `x-public` by their summary marker
 * `(public)`) need no token.
 */
export function withSecurity(doc: OpenAPIObject): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = {
    ...doc.components.schemas,
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details',
      properties: {
        type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
        code: { type: 'string', example: 'AUTH_REQUIRED' }, instance: { type: 'string' },
      },
    },
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const op of Object.values(ops as Record<string, { summary?: string; security?: unknown[]; responses?: Record<string, unknown> }>)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const open = path.startsWith('/health') || /\(public\)/i.test(op.summary ?? '');
      op.responses = op.responses ?? {};
      op.responses['429'] = op.responses['429'] ?? problem('Too many requests (RATE_LIMITED); Retry-After says when to try again');
      if (open) {
        op.security = [];
        continue;
      }
      op.security = [{ bearer: [] }];
      op.responses['401'] = op.responses['401'] ?? problem('No bearer token (AUTH_REQUIRED) or not a valid one (TOKEN_INVALID)');
      op.responses['403'] = op.responses['403'] ?? problem('The token lacks a role this operation needs (FORBIDDEN_ROLE)');
    }
  }
  return doc;
}

import { expect, test } from '@playwright/test';

// The platform API's OpenAPI document, as served, validates against the OpenAPI specification's
// own JSON schema (3.1), and names the bearer API key on every operation.
test('the OpenAPI document validates', async ({ request }) => {
  const res = await request.get('/api/v1/openapi.json');
  expect(res.status()).toBe(200);
  const doc = await res.json();
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  const result = await validator.validate(doc);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toMatch(/^3\.1/);
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[] }>>)) {
    for (const [method, op] of Object.entries(item)) {
      expect(op.security, `${method} ${path}`).toBeTruthy();
    }
  }
});

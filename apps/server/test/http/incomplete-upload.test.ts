import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A multipart body that stops before its closing boundary (a cut connection, a truncated request)
 * is a 400 naming the file on the buffered upload routes, never a 500 — found by the fuzz test with a
 * workbook-looking file on the catalog import.
 */
describe('uploads whose multipart body ends early', () => {
  let t: TestApp;
  let city: TestCity;
  let applicationId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t);
    city = await f.city();
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    applicationId = (await f.applicationIn('draft', { applicant: city.rs, provider: city.sj, entry })).id;
  });
  afterAll(() => t.close());

  // No closing `--boundary--`: the file part never ends.
  const unterminated = (filename: string, type: string, content: string) =>
    `--cut\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--cut\r\n`;
  const headers = { 'content-type': 'multipart/form-data; boundary=cut' };

  it('the catalog import and a letter upload each answer 400 INCOMPLETE_UPLOAD', async () => {
    const cases = [
      { method: 'POST' as const, url: '/api/catalog/import', as: city.rs.officer.username, payload: unterminated('目录.xlsx', 'application/octet-stream', 'PK\u0003\u0004garbage') },
      { method: 'PUT' as const, url: `/api/sharing/applications/${applicationId}/letter`, as: city.rs.officer.username, payload: unterminated('申请函.pdf', 'application/pdf', '%PDF-1.7 truncated') },
    ];
    for (const c of cases) {
      const response = await t.request({ ...c, headers });
      expect(response.statusCode, `${c.url}: ${response.body}`).toBe(400);
      expect(response.json().error.code, c.url).toBe('INCOMPLETE_UPLOAD');
      expect(response.json().error.details[0].field, c.url).toBe('file');
    }
  });
});

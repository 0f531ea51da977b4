import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLetterPdf } from '../../src/seed/demo-data.ts';
import { factories, type TestCity } from '../helpers/factories.ts';
import { multipartFile } from '../helpers/multipart.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** A PDF with one extra object inserted before the cross-reference table (offsets recomputed). */
function pdfWith(extra: string | Buffer): Buffer {
  const base = demoLetterPdf('函').toString('latin1');
  const xrefAt = base.indexOf('xref\n');
  const inserted = Buffer.concat([Buffer.from(base.slice(0, xrefAt), 'latin1'), Buffer.from('6 0 obj\n', 'latin1'), Buffer.from(extra as string, typeof extra === 'string' ? 'latin1' : undefined), Buffer.from('\nendobj\n', 'latin1')]);
  const tail = base.slice(xrefAt).replace(/startxref\n\d+/, `startxref\n${inserted.length}`);
  return Buffer.concat([inserted, Buffer.from(tail, 'latin1')]);
}

describe('stamped application letters: real PDFs only, served as downloads', () => {
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

  const upload = (content: Buffer, as = city.rs.officer.username) => {
    const { payload, headers } = multipartFile('申请函.pdf', content, 'application/pdf');
    return t.request({ method: 'PUT', url: `/api/sharing/applications/${applicationId}/letter`, as, payload, headers });
  };

  it('refuses a file that only starts like a PDF, a truncated PDF, and PDFs with active content', async () => {
    const real = demoLetterPdf('函');
    const cases: Array<[string, Buffer, RegExp]> = [
      ['header only', Buffer.from('%PDF-1.7\n<script>alert(1)</script>'), /%%EOF/],
      ['truncated', real.subarray(0, real.length - 40), /%%EOF|startxref/],
      ['bad startxref', Buffer.from(real.toString('latin1').replace(/startxref\n\d+/, 'startxref\n7'), 'latin1'), /cross-reference/],
      ['JavaScript action', pdfWith('<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>'), /active content \/JavaScript/],
      ['escaped name', pdfWith('<< /S /Launch#20 /F (cmd.exe) >>'.replace('Launch#20', 'L#61unch')), /active content \/Launch/],
      ['hidden in an object stream', pdfWith(Buffer.concat([Buffer.from('<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n'), zlib.deflateSync('7 0 << /S /JavaScript /JS (x) >>'), Buffer.from('\nendstream')])), /active content/],
    ];
    for (const [label, content, reason] of cases) {
      const response = await upload(content);
      expect(response.statusCode, label).toBe(400);
      expect(response.json().error.code, label).toBe('LETTER_NOT_PDF');
      expect(response.json().error.details[0].field, label).toBe('letter');
      expect(response.json().error.message, label).toMatch(reason);
    }
  });

  it('accepts a real PDF and serves it as an attachment with the stored type and nosniff', async () => {
    const real = demoLetterPdf('函');
    expect((await upload(real)).statusCode).toBe(200);
    const response = await t.request({ method: 'GET', url: `/api/sharing/applications/${applicationId}/letter`, as: city.rs.officer.username });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toMatch(/^attachment;/);
    expect(response.rawPayload.equals(real)).toBe(true);
  });

  it('checks the caller before reading the upload: another department gets 404, a non-editable state 409', async () => {
    const outsider = await upload(demoLetterPdf('函'), city.sj.officer.username);
    expect(outsider.statusCode).toBe(404);
    const f = factories(t);
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    const submitted = await f.applicationIn('leader_review', { applicant: city.rs, provider: city.sj, entry });
    const { payload, headers } = multipartFile('x.pdf', Buffer.from('not even a pdf'), 'application/pdf');
    const late = await t.request({ method: 'PUT', url: `/api/sharing/applications/${submitted.id}/letter`, as: city.rs.officer.username, payload, headers });
    // Refused for its state before the (invalid) file is looked at.
    expect(late.statusCode).toBe(409);
  });
});

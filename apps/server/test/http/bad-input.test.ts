import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, departmentId, validContent } from '../helpers/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import { multipartFile as multipart } from '../helpers/multipart.ts';

/** Bad input of every kind: a clear 400 naming the field (or row and column), nothing written. */
describe('bad input', () => {
  let t: TestApp;
  let ga: string;
  beforeAll(async () => {
    t = await namedTestApp();
    ga = await departmentId(t.database.db, '龙南市公安局');
  });
  afterAll(() => t.close());

  it('malformed JSON', async () => {
    const entries = await countRows(t.database.db, 'catalog_entry');
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as: 'ga_officer', payload: '{"content": {"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_JSON');
    expect(await countRows(t.database.db, 'catalog_entry')).toBe(entries);
  });

  it('oversized fields name the field and the limit', async () => {
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as: 'ga_officer', body: { content: validContent({ name: '名'.repeat(201) }) } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ field: 'content.name', message: expect.stringContaining('200') }));
  });

  it('a body over the size limit is refused with 413', async () => {
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as: 'ga_officer', payload: JSON.stringify({ content: validContent({ abstract: 'x'.repeat(3 * 1024 * 1024) }) }), headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('invalid citizen ID numbers are refused with the field named', async () => {
    const users = await countRows(t.database.db, 'app_user');
    const response = await t.request({
      method: 'POST',
      url: '/api/users',
      as: 'ga_admin',
      body: { username: 'bad_id', name: '测试', idNumber: '360727199001010011', phone: '13900000000', departmentId: ga, roles: ['dept_leader'], password: 'Strong-Pass-2026' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_ID_NUMBER', details: [{ field: 'idNumber' }] });
    const malformed = await t.request({
      method: 'POST',
      url: '/api/users',
      as: 'ga_admin',
      body: { username: 'bad_id', name: '测试', idNumber: '36072719900101', phone: '13900000000', departmentId: ga, roles: ['dept_leader'], password: 'Strong-Pass-2026' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details.map((d: { field: string }) => d.field)).toContain('idNumber');
    expect(await countRows(t.database.db, 'app_user')).toBe(users);
  });

  it('invalid USCCs are refused with the field named', async () => {
    const departments = await countRows(t.database.db, 'department');
    const parent = await departmentId(t.database.db, '龙南市人民政府');
    const response = await t.request({ method: 'POST', url: '/api/departments', as: 'admin', body: { parentId: parent, name: '龙南市测试局', kind: 'department', level: 'county', uscc: '11360727MB1000044X' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_USCC', details: [{ field: 'uscc' }] });
    const wrongCharset = await t.request({ method: 'POST', url: '/api/departments', as: 'admin', body: { parentId: parent, name: '龙南市测试局', kind: 'department', level: 'county', uscc: '11360727MB100004IO' } });
    expect(wrongCharset.statusCode).toBe(400);
    expect(wrongCharset.json().error.details[0].field).toBe('uscc');
    expect(await countRows(t.database.db, 'department')).toBe(departments);
  });

  it('unknown enum values list the allowed values', async () => {
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as: 'ga_officer', body: { content: { ...validContent(), updateCycle: 'hourly' } } });
    expect(response.statusCode).toBe(400);
    const detail = response.json().error.details.find((d: { field: string }) => d.field === 'content.updateCycle');
    expect(detail.message).toMatch(/realtime/);
    const query = await t.request({ method: 'GET', url: '/api/catalog/entries?shareType=partial', as: 'ga_officer' });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.details[0].field).toBe('query.shareType');
  });

  it('unknown fields are refused, not silently dropped', async () => {
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as: 'ga_officer', body: { content: { ...validContent(), shareTpye: 'none' } } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ field: 'content.shareTpye' }));
  });

  it('a non-UUID path parameter is a 400, an unknown id a 404', async () => {
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries/not-a-uuid', as: 'ga_officer' })).statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries/7d1e1c30-8d0b-4f6a-9a53-0d8f0a3f2b11', as: 'ga_officer' })).statusCode).toBe(404);
  });

  it('a spreadsheet with wrong columns names the sheet and the columns; nothing is imported', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('目录信息').addRow(['序号', '资源名称', '资源分类', '摘要']);
    workbook.addWorksheet('信息项').addRow(['目录序号', '信息项编码', '信息项名称']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const entries = await countRows(t.database.db, 'catalog_entry');
    const { payload, headers } = multipart('目录.xlsx', buffer, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const response = await t.request({ method: 'POST', url: '/api/catalog/import', as: 'ga_officer', payload, headers });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('TEMPLATE_MISMATCH');
    expect(error.details).toContainEqual(expect.objectContaining({ sheet: '目录信息', row: 1, column: '资源分类代码' }));
    expect(error.details).toContainEqual(expect.objectContaining({ sheet: '目录信息', column: '资源分类', message: expect.stringContaining('无法识别') }));
    expect(error.details).toContainEqual(expect.objectContaining({ sheet: '信息项', column: '数据类型' }));
    expect(await countRows(t.database.db, 'catalog_entry')).toBe(entries);
  });

  it('a file that is not a spreadsheet or JSON is refused clearly', async () => {
    const { payload, headers } = multipart('目录.xlsx', Buffer.from('just some text'), 'text/plain');
    const response = await t.request({ method: 'POST', url: '/api/catalog/import', as: 'ga_officer', payload, headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('file');
  });
});

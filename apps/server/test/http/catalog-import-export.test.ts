import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../helpers/catalog.ts';
import { multipartFile, XLSX } from '../helpers/multipart.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import type { TestApp } from '../helpers/test-app.ts';

async function workbookOf(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

async function bufferOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('catalog import and export in the standard template', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await namedTestApp({}, { catalogsOf: ['mz', 'jy'] });
  });
  afterAll(() => t.close());

  async function exportXlsx(as: string, scope = 'mine'): Promise<Buffer> {
    const response = await t.request({ method: 'GET', url: `/api/catalog/export?format=xlsx&scope=${scope}`, as });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    return response.rawPayload;
  }

  async function importFile(as: string, name: string, buffer: Buffer, type = XLSX) {
    const { payload, headers } = multipartFile(name, buffer, type);
    return t.request({ method: 'POST', url: '/api/catalog/import', as, payload, headers });
  }

  it('exports the own catalog and imports it back as new drafts (round trip)', async () => {
    const exported = await workbookOf(await exportXlsx('mz_officer'));
    const entrySheet = exported.getWorksheet('目录信息')!;
    const itemSheet = exported.getWorksheet('信息项')!;
    expect(entrySheet.getRow(1).getCell(2).value).toBe('资源名称');
    const names: string[] = [];
    entrySheet.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(2).value));
    });
    expect(names).toEqual(expect.arrayContaining(['最低生活保障对象信息', '婚姻登记信息']));
    expect(itemSheet.rowCount).toBeGreaterThan(10);
    // Coded values are written as the Chinese labels of the template.
    expect(String(entrySheet.getRow(2).getCell(9).value)).toMatch(/共享/);

    // Rename every entry (names are unique within an import) and import the file as the same department.
    entrySheet.eachRow((row, n) => {
      if (n > 1) row.getCell(2).value = `${row.getCell(2).value}(导入副本)`;
    });
    const before = await countRows(t.database.db, 'catalog_entry');
    const response = await importFile('mz_officer', '民政目录.xlsx', await bufferOf(exported));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().imported).toBe(names.length);
    expect(await countRows(t.database.db, 'catalog_entry')).toBe(before + names.length);
    const copy = (await t.request({ method: 'GET', url: `/api/catalog/entries?scope=mine&q=${encodeURIComponent('婚姻登记信息(导入副本)')}`, as: 'mz_officer' })).json().items[0];
    const detail = (await t.request({ method: 'GET', url: `/api/catalog/entries/${copy.id}`, as: 'mz_officer' })).json();
    expect(detail.status).toBe('draft');
    expect(detail.current.content.items.map((i: { name: string }) => i.name)).toEqual(['男方姓名', '男方公民身份号码', '女方姓名', '女方公民身份号码', '登记类型', '登记日期']);
    expect(detail.current.content.shareType).toBe('conditional');
  });

  it('rejects a whole file when any row is bad, and names every bad row and column', async () => {
    const workbook = await workbookOf((await t.request({ method: 'GET', url: '/api/catalog/template.xlsx', as: 'jt_officer' })).rawPayload);
    const entries = workbook.getWorksheet('目录信息')!;
    const items = workbook.getWorksheet('信息项')!;
    const header = (sheet: ExcelJS.Worksheet) => {
      const map = new Map<string, number>();
      sheet.getRow(1).eachCell((cell, col) => map.set(String(cell.value), col));
      return map;
    };
    const ec = header(entries);
    const ic = header(items);
    const addEntry = (values: Record<string, string>) => {
      const row = entries.addRow([]);
      for (const [column, value] of Object.entries(values)) row.getCell(ec.get(column)!).value = value;
    };
    const addItem = (values: Record<string, string>) => {
      const row = items.addRow([]);
      for (const [column, value] of Object.entries(values)) row.getCell(ic.get(column)!).value = value;
    };
    const good = { 资源名称: '公路桥梁技术状况', 资源分类代码: '209', 摘要: '桥梁定期检查评定结果', 格式分类: '数据库', 格式类型: 'MySQL', 共享类型: '无条件共享', 共享方式: '接口调用、直接下载', 共享方式类型: '接口', 开放类型: '不予开放', 开放依据: '涉及设施安全', 更新周期: '每年', 提供方式: '库表对接', 所属领域: '交通', 是否专用: '否' };
    addEntry({ 序号: 'A', ...good });
    addItem({ 目录序号: 'A', 信息项编码: 'qlbh', 信息项名称: '桥梁编号', 数据类型: '字符型', 数据长度: '20', 是否必填: '是', 共享类型: '无条件共享', 敏感级别: '一级(公开)', 脱敏规则: '不脱敏' });
    // Row 3: conditional sharing without a legal basis, and an unknown update cycle.
    addEntry({ 序号: 'B', ...good, 资源名称: '超限运输许可', 共享类型: '有条件共享', 共享条件: '仅执法', 更新周期: '每小时' });
    addItem({ 目录序号: 'B', 信息项编码: 'xkbh', 信息项名称: '许可编号', 数据类型: '字符型', 共享类型: '有条件共享', 敏感级别: '一级(公开)', 脱敏规则: '不脱敏' });
    // Item for B with an unknown data type (信息项 row 4).
    addItem({ 目录序号: 'B', 信息项编码: 'cph', 信息项名称: '车牌号', 数据类型: '文本型', 共享类型: '有条件共享', 敏感级别: '二级(内部)', 脱敏规则: '不脱敏' });
    // Row 4: open but conditionally shared.
    addEntry({ 序号: 'C', ...good, 资源名称: '客运班线', 开放类型: '无条件开放', 共享类型: '有条件共享', 共享条件: '条件', 共享依据: '《道路运输条例》' });
    addItem({ 目录序号: 'C', 信息项编码: 'bxbh', 信息项名称: '班线编号', 数据类型: '字符型', 共享类型: '有条件共享', 敏感级别: '一级(公开)', 脱敏规则: '不脱敏' });

    const before = await countRows(t.database.db, 'catalog_entry');
    const response = await importFile('jt_officer', '交通目录.xlsx', await bufferOf(workbook));
    expect(response.statusCode, response.body).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('IMPORT_REJECTED');
    const where = error.details.map((d: { sheet: string; row: number; column: string }) => `${d.sheet}!${d.row}:${d.column}`);
    expect(where).toEqual(expect.arrayContaining(['目录信息!3:共享依据', '目录信息!3:更新周期', '信息项!4:数据类型', '目录信息!4:开放类型']));
    expect(where).not.toContain(expect.stringMatching(/^目录信息!2:/));
    expect(error.details.every((d: { message: string }) => /第 \d+ 行/.test(d.message))).toBe(true);
    expect(await countRows(t.database.db, 'catalog_entry')).toBe(before);

    // With the rows fixed, the same file imports.
    entries.getRow(3).getCell(ec.get('共享依据')!).value = '《公路安全保护条例》第三十五条';
    entries.getRow(3).getCell(ec.get('更新周期')!).value = '每日';
    items.getRow(4).getCell(ic.get('数据类型')!).value = '字符型';
    entries.getRow(4).getCell(ec.get('开放类型')!).value = '不予开放';
    const fixed = await importFile('jt_officer', '交通目录.xlsx', await bufferOf(workbook));
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().imported).toBe(3);
  });

  it('imports and exports JSON too', async () => {
    const exported = await t.request({ method: 'GET', url: '/api/catalog/export?format=json&scope=mine', as: 'jy_officer' });
    const file = exported.json();
    expect(file).toMatchObject({ format: 'huitong-catalog', version: 1 });
    const copy = { ...file, entries: file.entries.slice(0, 1).map((e: { content: { name: string } }) => ({ content: { ...e.content, name: `${e.content.name}(JSON副本)` } })) };
    const imported = await importFile('jy_officer', 'catalog.json', Buffer.from(JSON.stringify(copy)), 'application/json');
    expect(imported.statusCode, imported.body).toBe(200);
    const bad = { entries: [{ content: { ...copy.entries[0].content, shareType: 'sometimes' } }] };
    const rejected = await importFile('jy_officer', 'catalog.json', Buffer.from(JSON.stringify(bad)), 'application/json');
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.details[0]).toMatchObject({ row: 1, field: 'content.shareType' });
  });

  it('only data officers import, into their own department', async () => {
    const { payload, headers } = multipartFile('x.json', Buffer.from('{"entries":[]}'), 'application/json');
    expect((await t.request({ method: 'POST', url: '/api/catalog/import', as: 'ga_leader', payload, headers })).statusCode).toBe(403);
  });
});

describe('objections to catalog entries (000 Art. 8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await namedTestApp({}, { entries: ['常住人口基本信息'] });
  });
  afterAll(() => t.close());

  it('a consumer raises, the provider answers, the consumer closes; both see the state, others do not', async () => {
    const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('常住人口基本信息')}`, as: 'mz_officer' })).json().items[0];
    const raised = await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/objections`, as: 'mz_officer', body: { kind: 'error', itemCode: 'zz', content: '住址信息项缺少行政区划代码' } });
    expect(raised.statusCode, raised.body).toBe(201);
    const objection = raised.json();
    expect(objection).toMatchObject({ state: 'open', raisedByDepartmentName: '龙南市民政局', itemCode: 'zz' });

    const received = (await t.request({ method: 'GET', url: '/api/catalog/objections?box=received', as: 'ga_officer' })).json();
    expect(received.map((o: { id: string }) => o.id)).toContain(objection.id);
    expect((await t.request({ method: 'GET', url: '/api/catalog/objections', as: 'sj_officer' })).json()).toEqual([]);

    expect((await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/answer`, as: 'mz_officer', body: { answer: '自问自答' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/answer`, as: 'sj_officer', body: { answer: '越权答复' } })).statusCode).toBe(404);
    const answered = (await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/answer`, as: 'ga_officer', body: { answer: '已在下一版本补充行政区划代码' } })).json();
    expect(answered).toMatchObject({ state: 'answered', answeredByName: '陈静' });
    const seen = (await t.request({ method: 'GET', url: '/api/catalog/objections?box=raised', as: 'mz_officer' })).json();
    expect(seen[0]).toMatchObject({ id: objection.id, state: 'answered', answer: '已在下一版本补充行政区划代码' });
    expect((await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/close`, as: 'ga_officer' })).statusCode).toBe(403);
    const closed = (await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/close`, as: 'mz_officer' })).json();
    expect(closed.state).toBe('closed');
    expect((await t.request({ method: 'POST', url: `/api/catalog/objections/${objection.id}/answer`, as: 'ga_officer', body: { answer: '再答' } })).statusCode).toBe(409);
  });

  it('refuses objections to the own entry and to unknown items', async () => {
    const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('常住人口基本信息')}`, as: 'ga_officer' })).json().items[0];
    const own = await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/objections`, as: 'ga_officer', body: { kind: 'objection', content: '自己的资源' } });
    expect(own.statusCode).toBe(400);
    const unknownItem = await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/objections`, as: 'mz_officer', body: { kind: 'objection', itemCode: 'nope', content: '不存在的信息项' } });
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json().error.details[0].field).toBe('itemCode');
  });
});

describe('objection reply deadlines follow the profile', () => {
  it('[rule:sharing.objection_reply_workdays] under jinzhong the provider answers an objection within 5 working days (办法第十六条); under longnan there is no deadline', async () => {
    for (const [policy, dueOn] of [
      ['jinzhong', '2026-11-09'],
      ['longnan', null],
    ] as const) {
      const t = await namedTestApp({ policy }, { entries: ['常住人口基本信息'] });
      try {
        const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('常住人口基本信息')}`, as: 'mz_officer' })).json().items[0];
        const raised = (await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/objections`, as: 'mz_officer', body: { kind: 'error', content: '部分人员户籍地址有误' } })).json();
        expect(raised).toMatchObject({ dueOn, overdue: false });
        t.clock.set('2026-11-10T09:00:00+08:00');
        await t.app.modules.sharing.deadlines.run();
        const records = (await t.request({ method: 'GET', url: '/api/supervision/records', as: 'supervisor' })).json().filter((r: { kind: string }) => r.kind === 'objection_overdue');
        if (dueOn) {
          expect(records).toEqual([expect.objectContaining({ department: expect.objectContaining({ name: '龙南市公安局' }), dueOn })]);
          const seen = (await t.request({ method: 'GET', url: '/api/catalog/objections?box=received', as: 'ga_officer' })).json().find((o: { id: string }) => o.id === raised.id);
          expect(seen.overdue).toBe(true);
          await t.request({ method: 'POST', url: `/api/catalog/objections/${raised.id}/answer`, as: 'ga_officer', body: { answer: '已核实更正' } });
          const after = (await t.request({ method: 'GET', url: '/api/supervision/records', as: 'supervisor' })).json().find((r: { kind: string }) => r.kind === 'objection_overdue');
          expect(after.resolvedAt).toBeTruthy();
        } else {
          expect(records).toEqual([]);
        }
      } finally {
        await t.close();
      }
    }
  });
});

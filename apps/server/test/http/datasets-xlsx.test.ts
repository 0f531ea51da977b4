import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '@huitong/contracts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { multipartFile, XLSX } from '../helpers/multipart.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { xlsxBomb } from '../helpers/xlsx-bomb.ts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';

/** XLSX provision loads the same rows as CSV; a workbook bomb is refused with nothing loaded. */
describe('datasets: XLSX upload', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  async function newDataset(): Promise<Dataset> {
    const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
    return (await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } })).json();
  }

  const post = (id: string, upload: { payload: Buffer; headers: Record<string, string> }) =>
    t.request({ method: 'POST', url: `/api/datasets/${id}/batches`, as: city.sj.officer.username, ...upload });

  const live = (d: Dataset) => t.app.modules.datasets.service.repo.liveRows(t.app.modules.datasets.service.db, `d_${d.id.replace(/-/g, '')}`, 100);

  it('loads a workbook with typed cells (numbers, dates, booleans) to the same rows as the CSV', async () => {
    const codes = [f.randomUscc(), f.randomUscc()];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('数据');
    // Headers by item code work as well as by name.
    sheet.addRow(['tyshxydm', '企业名称', '注册资本', '从业人数', '成立日期', '更新时间', '是否注销']);
    sheet.addRow([codes[0], '赣州汇通', 100.5, 12, new Date(Date.UTC(2020, 4, 17)), '2026-11-30 08:15:00', false]);
    sheet.addRow([codes[1], '龙南鎔鑫', 3, 40, new Date(Date.UTC(2019, 0, 2)), '2026-11-30 08:15:00', true]);
    const fromXlsx = await newDataset();
    // Without shared strings: ExcelJS may write a sheet before workbook.xml, and its streaming
    // reader then fails on a sheet that arrives between the shared strings and workbook.xml.
    // Excel and WPS write workbook.xml first, so real files are not affected.
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer({ useSharedStrings: false }));
    const loaded = await post(fromXlsx.id, multipartFile('市场主体.xlsx', buffer, XLSX));
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json()).toMatchObject({ state: 'loaded', encoding: 'xlsx', counts: { read: 2, inserted: 2 } });

    const fromCsv = await newDataset();
    const csv = csvBytes(
      [
        MARKET_HEADER,
        [codes[0]!, '赣州汇通', '100.5', '12', '2020-05-17', '2026-11-30 08:15:00', '否'],
        [codes[1]!, '龙南鎔鑫', '3', '40', '2019-01-02', '2026-11-30 08:15:00', '是'],
      ],
      'utf-8',
    );
    expect((await post(fromCsv.id, csvUpload(csv))).json().state).toBe('loaded');
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ _batch_id, _updated_at, ...rest }) => rest);
    expect(strip(await live(fromXlsx))).toEqual(strip(await live(fromCsv)));
  });

  it('generates XLSX and CSV templates that load once filled in', async () => {
    const dataset = await newDataset();
    const xlsx = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/template.xlsx`, as: city.sj.officer.username });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('上传模板.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const data = workbook.getWorksheet('数据')!;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(MARKET_HEADER);
    expect(data.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    const guide = workbook.getWorksheet('信息项说明')!;
    expect((guide.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['统一社会信用代码', 'tyshxydm', '字符型', 18, '是', '是']);
    data.addRow([f.randomUscc(), '填写模板', '1', '2', '2020-01-01', '2026-11-30 08:00:00', '是']);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer({ useSharedStrings: false }));
    const loaded = await post(dataset.id, multipartFile('filled.xlsx', filled, XLSX));
    expect(loaded.json()).toMatchObject({ state: 'loaded', counts: { inserted: 1 } });

    const csv = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/template.csv`, as: city.sj.officer.username });
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const filledCsv = Buffer.concat([csv.rawPayload, Buffer.from(`${f.randomUscc()},模板CSV,1,2,2020-01-01,,否\r\n`)]);
    expect((await post(dataset.id, csvUpload(filledCsv))).json()).toMatchObject({ state: 'loaded', counts: { inserted: 1, deleted: 1 } });
    const foreign = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/template.csv`, as: city.rs.officer.username });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses a workbook bomb and a workbook without a data sheet, loading nothing', async () => {
    const dataset = await newDataset();
    const bomb = await post(dataset.id, multipartFile('bomb.xlsx', await xlsxBomb(300 * 1024 * 1024), XLSX));
    expect([400, 413]).toContain(bomb.statusCode);
    expect(bomb.json().error.code).toMatch(/SPREADSHEET/);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(MARKET_HEADER);
    const noSheet = await post(dataset.id, multipartFile('x.xlsx', Buffer.from(await workbook.xlsx.writeBuffer({ useSharedStrings: false })), XLSX));
    expect(noSheet.statusCode).toBe(400);
    expect(noSheet.json().error.code).toBe('NO_DATA_SHEET');
    expect(await live(dataset)).toEqual([]);
    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json().map((b: { state: string }) => b.state)).toEqual(['rejected', 'rejected']);
  });
});

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

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntryDetail, Dataset, DatasetBatchDetail } from '@huitong/contracts';
import { usccCheckChar } from '@huitong/contracts';
import { testItem } from '../helpers/catalog.ts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';

/** File provision into the data resource center: typed tables, encodings, row errors, modes, atomic loads (ADR 0012). */
describe('datasets: file upload', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  async function newDataset(): Promise<{ entry: CatalogEntryDetail; dataset: Dataset }> {
    const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
    const created = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } });
    expect(created.statusCode, created.body).toBe(201);
    return { entry, dataset: created.json() as Dataset };
  }

  async function upload(datasetId: string, content: Buffer, query = '', as = city.sj.officer.username) {
    const { payload, headers } = csvUpload(content);
    return t.request({ method: 'POST', url: `/api/datasets/${datasetId}/batches${query}`, as, headers, payload });
  }

  async function rows(dataset: Dataset): Promise<Array<Record<string, unknown>>> {
    return t.app.modules.datasets.service.repo.liveRows(t.app.modules.datasets.service.db, `d_${dataset.id.replace(/-/g, '')}`, 1000);
  }

  const uscc = () => f.randomUscc();
  function row(code: string, name = '汇通科技', extra: Partial<Record<'zczb' | 'cyrs' | 'clrq' | 'gxsj' | 'sfzx', string>> = {}): string[] {
    return [code, name, extra.zczb ?? '100.50', extra.cyrs ?? '12', extra.clrq ?? '2020-05-17', extra.gxsj ?? '2026-11-30 08:15:00', extra.sfzx ?? '否'];
  }

  it('creates a typed table in the rows schema, one column per item plus system columns', async () => {
    const { dataset } = await newDataset();
    expect(dataset.keyItemCode).toBe('tyshxydm');
    expect(dataset.columns.map((c) => c.itemCode)).toEqual(['tyshxydm', 'qymc', 'zczb', 'cyrs', 'clrq', 'gxsj', 'sfzx']);
    const table = `d_${dataset.id.replace(/-/g, '')}`;
    const schema = t.app.modules.datasets.service.repo.rowsSchema;
    expect(schema).toMatch(/(^dataset_rows$|_rows$)/);
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns where table_schema = ${schema} and table_name = ${table} order by ordinal_position`.execute(t.database.db);
    expect(columns.rows.map((c) => [c.column_name, c.data_type])).toEqual([
      ['_key', 'text'],
      ['c1', 'text'],
      ['c2', 'text'],
      ['c3', 'numeric'],
      ['c4', 'bigint'],
      ['c5', 'date'],
      ['c6', 'timestamp with time zone'],
      ['c7', 'boolean'],
      ['_batch_id', 'uuid'],
      ['_version', 'bigint'],
      ['_deleted', 'boolean'],
      ['_updated_at', 'timestamp with time zone'],
    ]);
    // The item's length is a constraint of the column too, not only a check of the validator.
    await expect(sql`insert into ${sql.table(`${schema}.${table}`)} (_key, c2, _batch_id, _updated_at) values ('k', ${'一二三四五六七八九十十一'}, gen_random_uuid(), now())`.execute(t.database.db)).rejects.toThrow(/check constraint/);
  });

  it('loads a GB18030 file without BOM and a UTF-8 file with BOM to the same typed rows, and mounts the entry', async () => {
    const { entry, dataset } = await newDataset();
    const before = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.sj.officer.username });
    expect(before.json().mount.status).toBe('none');
    const codes = [uscc(), uscc()];
    const data = [MARKET_HEADER, row(codes[0]!, '赣州汇通'), row(codes[1]!, '龍南鎔鑫', { sfzx: '是', gxsj: '2026-11-30T00:15:00Z' })];

    const gbk = await upload(dataset.id, csvBytes(data, 'gb18030'));
    expect(gbk.statusCode, gbk.body).toBe(201);
    const batch = gbk.json() as DatasetBatchDetail;
    expect(batch.state).toBe('loaded');
    expect(batch.encoding).toBe('gb18030');
    expect(batch.counts).toMatchObject({ read: 2, inserted: 2, updated: 0, deleted: 0, rejected: 0 });
    const loaded = await rows(dataset);
    expect(loaded.map((r) => r.c2).sort()).toEqual(['赣州汇通', '龍南鎔鑫'].sort());
    const second = loaded.find((r) => r._key === codes[1])!;
    expect(second.c7).toBe(true);
    expect(String(second.c3)).toBe('100.50');
    expect(Number(second.c4)).toBe(12);
    expect((second.c6 as Date).toISOString()).toBe('2026-11-30T00:15:00.000Z');
    const first = loaded.find((r) => r._key === codes[0])!;
    // Without a zone, a time is Beijing time.
    expect((first.c6 as Date).toISOString()).toBe('2026-11-30T00:15:00.000Z');

    const mounted = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.rs.officer.username });
    expect(mounted.json().mount.status).toBe('mounted');
    expect(mounted.json().mount.mountedAt).toBeTruthy();

    // The same rows as UTF-8 with a BOM: recognised, and nothing changes.
    const bom = await upload(dataset.id, csvBytes(data, 'utf-8-bom'));
    expect(bom.statusCode, bom.body).toBe(201);
    expect(bom.json()).toMatchObject({ state: 'loaded', encoding: 'utf-8-bom', counts: { read: 2, inserted: 0, updated: 0, unchanged: 2 } });
    expect((await rows(dataset)).map((r) => r.c2).sort()).toEqual(loaded.map((r) => r.c2).sort());
  });

  it('reports each bad row with row, column, value and rule; reject loads nothing, load_valid loads the rest', async () => {
    const { entry, dataset } = await newDataset();
    const good = uscc();
    const badCheck = good.slice(0, 17) + (usccCheckChar(good.slice(0, 17)) === '0' ? '1' : '0');
    const dup = uscc();
    const data = [
      MARKET_HEADER,
      row(good),
      row(badCheck),
      row(uscc(), '汇通科技', { clrq: '2023-02-30' }),
      row(uscc(), '名称超过十个字的企业有限公司'),
      row(uscc(), '汇通科技', { cyrs: '1.5', sfzx: '也许' }),
      row(dup),
      row(dup, '重复'),
      ['', '无代码'],
    ];
    const rejected = await upload(dataset.id, csvBytes(data, 'utf-8'));
    expect(rejected.statusCode, rejected.body).toBe(201);
    const report = rejected.json() as DatasetBatchDetail;
    expect(report.state).toBe('rejected');
    expect(report.counts).toMatchObject({ read: 8, inserted: 0, rejected: 6 });
    const brief = report.errors.map((e) => [e.row, e.column, e.value, e.rule]);
    expect(brief).toEqual([
      [3, '统一社会信用代码', badCheck, 'uscc'],
      [4, '成立日期', '2023-02-30', 'type'],
      [5, '企业名称', '名称超过十个字的企业有限公司', 'length'],
      [6, '从业人数', '1.5', 'type'],
      [6, '是否注销', '也许', 'type'],
      [8, '统一社会信用代码', dup, 'unique'],
      [9, '统一社会信用代码', '', 'required'],
    ]);
    expect(await rows(dataset)).toEqual([]);
    const entryAfter = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.sj.officer.username });
    expect(entryAfter.json().mount.status).toBe('none');

    const partial = await upload(dataset.id, csvBytes(data, 'utf-8'), '?onError=load_valid');
    expect(partial.json()).toMatchObject({ state: 'loaded', counts: { read: 8, inserted: 2, rejected: 6 } });
    expect((await rows(dataset)).map((r) => r._key).sort()).toEqual([good, dup].sort());
    // The first occurrence of a repeated key is kept.
    expect((await rows(dataset)).find((r) => r._key === dup)!.c2).toBe('汇通科技');

    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json().map((b: { batchNo: number; state: string }) => [b.batchNo, b.state])).toEqual([
      [2, 'loaded'],
      [1, 'rejected'],
    ]);
    const report1Id = report.id;
    const detail = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches/${report1Id}`, as: city.sj.officer.username });
    expect(detail.json().errors).toHaveLength(7);
    const reportCsv = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches/${report1Id}/errors.csv`, as: city.sj.officer.username });
    expect(reportCsv.statusCode).toBe(200);
    const lines = reportCsv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe(`3,统一社会信用代码,${badCheck},uscc,统一社会信用代码: 统一社会信用代码校验位错误 (invalid USCC)`);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['uscc', 'type', 'length', 'type', 'type', 'required', 'unique']);
  });

  it('upserts by key incrementally and replaces in full, writing the change log in sequence', async () => {
    const { dataset } = await newDataset();
    const [a, b, c, d, e] = [uscc(), uscc(), uscc(), uscc(), uscc()];
    await upload(dataset.id, csvBytes([MARKET_HEADER, row(a), row(b), row(c)], 'utf-8'));

    const upsert = await upload(dataset.id, csvBytes([MARKET_HEADER, row(b, '已改名'), row(d)], 'utf-8'), '?mode=upsert');
    expect(upsert.json()).toMatchObject({ state: 'loaded', mode: 'upsert', counts: { read: 2, inserted: 1, updated: 1, deleted: 0 } });
    expect((await rows(dataset)).map((r) => r._key).sort()).toEqual([a, b, c, d].sort());
    const changed = (await rows(dataset)).find((r) => r._key === b)!;
    expect(changed.c2).toBe('已改名');
    expect(Number(changed._version)).toBe(2);

    const replace = await upload(dataset.id, csvBytes([MARKET_HEADER, row(a), row(e)], 'utf-8'), '?mode=replace');
    expect(replace.json()).toMatchObject({ state: 'loaded', mode: 'replace', counts: { read: 2, inserted: 1, updated: 0, deleted: 3, unchanged: 1 } });
    expect((await rows(dataset)).map((r) => r._key).sort()).toEqual([a, e].sort());
    const detail = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}`, as: city.sj.officer.username });
    expect(detail.json().rowCount).toBe(2);

    const log = await t.app.modules.datasets.service.repo.changes(t.app.modules.datasets.service.db, dataset.id, 0, 100);
    expect(log.map((x) => Number(x.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.map((x) => x.op)).toEqual(['create', 'create', 'create', 'update', 'create', 'create', 'delete', 'delete', 'delete']);
    // The same log through the API, paged by sequence.
    const page1 = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/changes?limit=5`, as: city.sj.officer.username })).json();
    expect(page1.changes.map((x: { seq: number }) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page1.next).toBe(5);
    const page2 = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/changes?after=5&limit=5`, as: city.sj.officer.username })).json();
    expect(page2.changes.map((x: { seq: number; op: string }) => [x.seq, x.op])).toEqual([[6, 'create'], [7, 'delete'], [8, 'delete'], [9, 'delete']]);
    expect(page2.next).toBeNull();
    expect(page2.changes[1].data).toBeNull();
    const update = log.find((x) => x.op === 'update')!;
    expect(update.record_key).toBe(b);
    expect(update.data).toMatchObject({ tyshxydm: b, qymc: '已改名' });
    expect(update.old_data).toMatchObject({ qymc: '汇通科技' });
  });

  it('rolls back the last loaded batch as a batch of its own, restoring typed values and deleted rows', async () => {
    const { dataset } = await newDataset();
    const [a, b, c, d] = [uscc(), uscc(), uscc(), uscc()];
    const first = (await upload(dataset.id, csvBytes([MARKET_HEADER, row(a), row(b), row(c)], 'utf-8'))).json() as DatasetBatchDetail;
    const original = (await rows(dataset)).find((r) => r._key === a)!;
    const changed = row(a, '改后名称', { zczb: '9.99', cyrs: '7', clrq: '1999-12-31', gxsj: '2026-12-01 23:59:59', sfzx: '是' });
    const second = (await upload(dataset.id, csvBytes([MARKET_HEADER, changed, row(d)], 'utf-8'), '?mode=replace')).json() as DatasetBatchDetail;
    expect(second.counts).toMatchObject({ inserted: 1, updated: 1, deleted: 2 });

    const notLast = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches/${first.id}/rollback`, as: city.sj.officer.username });
    expect(notLast.statusCode).toBe(409);
    const rolled = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches/${second.id}/rollback`, as: city.sj.officer.username });
    expect(rolled.statusCode, rolled.body).toBe(201);
    expect(rolled.json()).toMatchObject({ source: 'rollback', state: 'loaded', rollbackOf: second.id, counts: { inserted: 2, updated: 1, deleted: 1 } });

    const after = await rows(dataset);
    expect(after.map((r) => r._key).sort()).toEqual([a, b, c].sort());
    const restored = after.find((r) => r._key === a)!;
    for (const column of ['c2', 'c3', 'c4', 'c5', 'c6', 'c7']) expect(restored[column], column).toEqual(original[column]);
    const history = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username })).json();
    expect(history.map((x: { batchNo: number; state: string }) => [x.batchNo, x.state])).toEqual([
      [3, 'loaded'],
      [2, 'rolled_back'],
      [1, 'loaded'],
    ]);
    const again = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches/${second.id}/rollback`, as: city.sj.officer.username });
    expect(again.statusCode).toBe(409);
    const log = await t.app.modules.datasets.service.repo.changes(t.app.modules.datasets.service.db, dataset.id, 7, 100);
    expect(log.map((x) => [Number(x.seq), x.op])).toEqual([
      [8, 'create'],
      [9, 'create'],
      [10, 'delete'],
      [11, 'update'],
    ]);
    const audit = await t.database.db.selectFrom('audit_log').select('details').where('operation', '=', 'dataset:batch:rollback').where('target_id', '=', dataset.id).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ rolledBack: second.id, inserted: 2, updated: 1, deleted: 1, rows: 3 });
  });

  it('keeps binary and double columns through load, update and rollback, keyed by ID number', async () => {
    const entry = await f.publishedEntry(city.sj.officer, {
      ...marketEntityContent(),
      items: [testItem('sfzh', '身份证号', { identifierKind: 'id_number', length: 18, required: true }), testItem('zp', '照片', { dataType: 'G', length: undefined }), testItem('sg', '身高', { dataType: 'B', length: undefined })],
    });
    const dataset: Dataset = (await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } })).json();
    const id = f.randomIdNumber();
    const header = ['身份证号', '照片', '身高'];
    const photo = Buffer.from([0, 1, 2, 254, 255]);
    await upload(dataset.id, csvBytes([header, [id.toLowerCase(), photo.toString('base64'), '1.75']], 'utf-8'));
    const [loaded] = await rows(dataset);
    expect(loaded!._key).toBe(id.toUpperCase());
    expect(Buffer.from(loaded!.c2 as Uint8Array)).toEqual(photo);
    expect(loaded!.c3).toBe(1.75);
    const second = (await upload(dataset.id, csvBytes([header, [id, Buffer.from('new').toString('base64'), '1.8']], 'utf-8'), '?mode=upsert')).json();
    expect(second.counts).toMatchObject({ updated: 1 });
    await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches/${second.id}/rollback`, as: city.sj.officer.username });
    const [restored] = await rows(dataset);
    expect(Buffer.from(restored!.c2 as Uint8Array)).toEqual(photo);
    expect(restored!.c3).toBe(1.75);
  });

  it('a failure in the middle of a load leaves the previous data and no change visible', async () => {
    const { dataset } = await newDataset();
    const [a, b] = [uscc(), uscc()];
    await upload(dataset.id, csvBytes([MARKET_HEADER, row(a), row(b)], 'utf-8'));
    const schema = t.app.modules.datasets.service.repo.rowsSchema;
    const table = sql.table(`${schema}.d_${dataset.id.replace(/-/g, '')}`);
    // A real failure inside the database while the batch's rows are being written.
    await sql`create function dataset_test_boom() returns trigger language plpgsql as $$ begin if new.c2 = '触发故障' then raise exception 'disk full'; end if; return new; end $$`.execute(t.database.db);
    await sql`create trigger boom before insert or update on ${table} for each row execute function dataset_test_boom()`.execute(t.database.db);
    const failing = await upload(dataset.id, csvBytes([MARKET_HEADER, row(a, '新名称'), row(uscc()), row(b, '触发故障'), row(uscc())], 'utf-8'), '?mode=upsert');
    expect(failing.statusCode).toBe(500);
    expect((await rows(dataset)).map((r) => [r._key, r.c2]).sort()).toEqual([
      [a, '汇通科技'],
      [b, '汇通科技'],
    ].sort());
    const log = await t.app.modules.datasets.service.repo.changes(t.app.modules.datasets.service.db, dataset.id, 0, 100);
    expect(log).toHaveLength(2);
    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json()[0]).toMatchObject({ batchNo: 2, state: 'failed', counts: { inserted: 0 } });
    expect(history.json()[0].failure).toMatch(/disk full/);
  });

  it('refuses a wrong header and an empty file with a clear 400', async () => {
    const { dataset } = await newDataset();
    const wrong = await upload(dataset.id, csvBytes([['统一社会信用代码', '企业名称', '法定代表人'], [uscc(), '汇通', '张三']], 'utf-8'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_COLUMNS');
    expect(wrong.json().error.details.map((d: { column: string }) => d.column)).toEqual(['法定代表人']);
    const empty = await upload(dataset.id, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('EMPTY_FILE');
    // Rows pasted from a UTF-8 file into a GBK one: no single decoding reads both.
    const mixed = await upload(dataset.id, Buffer.concat([csvBytes([MARKET_HEADER, row(uscc(), '赣州汇通')], 'utf-8'), csvBytes([row(uscc(), '龙南市场')], 'gb18030')]));
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('MIXED_ENCODINGS');
    expect(mixed.json().error.details[0]).toMatchObject({ field: 'file', row: 3 });
    const headerOnly = await upload(dataset.id, csvBytes([MARKET_HEADER], 'utf-8'));
    expect(headerOnly.statusCode).toBe(400);
    expect(headerOnly.json().error.details[0].field).toBe('file');
    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json().map((b: { state: string }) => b.state)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(await rows(dataset)).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/processes.ts';

/**
 * `huitong dataset import|list` and `huitong sync run` as processes on an embedded data directory:
 * the same validation, batches and audit trail as an upload from the console.
 */
describe('huitong dataset and sync commands', () => {
  const dir = tempDir('dataset-cli');
  const env = { HUITONG_DATA_DIR: dir, HUITONG_PASSWORD_SCRYPT_COST: '1024', DATABASE_URL: '' };
  const files = tempDir('dataset-cli-files');
  let code = '';
  let datasetId = '';

  beforeAll(async () => {
    const seeded = await runCli(['seed', '--demo'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    const db = new PGlite(path.join(dir, 'pglite'));
    const found = await db.query<{ resource_code: string }>(`select resource_code from catalog_entry where name = '特种设备使用登记信息' and status = 'published'`);
    await db.close();
    code = found.rows[0]!.resource_code;
  });
  afterAll(() => {
    for (const d of [dir, files]) fs.rmSync(d, { recursive: true, force: true });
  });

  const header = '设备代码,设备类别,使用单位,安装地点,下次检验日期';
  function csv(name: string, lines: string[], encoding: 'utf-8' | 'gbk' = 'utf-8'): string {
    const file = path.join(files, name);
    const text = [header, ...lines].join('\r\n') + '\r\n';
    fs.writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gbk') : text);
    return file;
  }

  it('rejects a file with a bad row, naming row and column, and loads nothing', async () => {
    const bad = csv('bad.csv', ['31103607272019000001,电梯,龙南市人民医院,住院部1号楼,2027-03-01', '31103607272019000002,锅炉,龙南市第一中学,食堂,2027-02-30'], 'gbk');
    const result = await runCli(['dataset', 'import', '--entry', code, '--file', bad], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/batch 1 rejected: read 2, inserted 0/);
    expect(result.stdout).toMatch(/encoding gb18030/);
    expect(result.stdout).toMatch(/row 3 下次检验日期/);
  });

  it('loads the corrected file, lists the dataset with its rows, and refuses upsert without a key', async () => {
    const good = csv('good.csv', ['31103607272019000001,电梯,龙南市人民医院,住院部1号楼,2027-03-01', '31103607272019000002,锅炉,龙南市第一中学,食堂,2027-02-28']);
    const result = await runCli(['dataset', 'import', '--entry', code, '--file', good], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/batch 2 loaded: read 2, inserted 2, updated 0, deleted 0, rejected 0/);
    const list = await runCli(['dataset', 'list'], env);
    expect(list.code).toBe(0);
    // Two rows: the rejected batch before left nothing behind.
    expect(list.stdout).toMatch(new RegExp(`${code} +特种设备使用登记信息 +2 rows`));
    datasetId = /([0-9a-f-]{36})\s*$/m.exec(list.stdout)![1]!;
    const upsert = await runCli(['dataset', 'import', '--entry', code, '--file', good, '--mode', 'upsert'], env);
    expect(upsert.code).toBe(1);
    expect(upsert.stderr).toMatch(/only replace is possible/);
  });

  it('names what is wrong: an unknown entry, a dataset without a table mapping', async () => {
    const unknown = await runCli(['dataset', 'import', '--entry', 'NO-SUCH-CODE', '--file', csv('x.csv', [])], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NO-SUCH-CODE/);
    const sync = await runCli(['sync', 'run', datasetId], env);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(/no table mapping/);
  });

  it('leaves an intact audit chain that records both imports', async () => {
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    const db = new PGlite(path.join(dir, 'pglite'));
    const records = await db.query<{ outcome: string; n: number }>(`select outcome, count(*)::int as n from audit_log where operation = 'dataset:batch:upload' and actor_name like 'cli:%' group by outcome order by outcome`);
    await db.close();
    expect(records.rows).toEqual([
      { outcome: 'failure', n: 1 },
      { outcome: 'success', n: 1 },
    ]);
  });
});

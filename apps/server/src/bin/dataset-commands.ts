import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { DatasetBatchDetail } from '@huitong/contracts';
import { cliActor } from '../platform/auth/actor.ts';
import { ValidationError } from '../platform/errors.ts';
import type { Config } from '../config/config.ts';
import type { Platform } from '../bootstrap.ts';

type Context = { config: () => Config; withPlatform: <T>(purpose: string, fn: (platform: Platform) => Promise<T>) => Promise<T> };

const choice = (allowed: readonly string[]) => (value: string) => {
  if (!allowed.includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
  return value;
};

/** One line per batch outcome, then its first row errors: what an operator needs to act on. */
function printBatch(batch: DatasetBatchDetail): void {
  const c = batch.counts;
  console.log(`batch ${batch.batchNo} ${batch.state}: read ${c.read}, inserted ${c.inserted}, updated ${c.updated}, deleted ${c.deleted}, rejected ${c.rejected}${batch.encoding ? `, encoding ${batch.encoding}` : ''}`);
  if (batch.failure) console.log(`  ${batch.failure}`);
  for (const e of batch.errors.slice(0, 20)) console.log(`  row ${e.row ?? '-'} ${e.column ?? ''} ${e.rule}: ${e.message}`);
  if (batch.errorCount > 20) console.log(`  … ${batch.errorCount - 20} more errors (GET /api/datasets/${batch.datasetId}/batches/${batch.id}/errors.csv)`);
  if (batch.state !== 'loaded') process.exitCode = 2;
}

/**
 * Datasets of the data resource center from the server's command line (the same services, audit
 * trail and validation as the console; recorded under cli:<os user>). On the embedded database the
 * server must be stopped first.
 */
export function registerDatasetCommands(program: Command, context: Context): void {
  const dataset = program.command('dataset').description('datasets of the data resource center');
  dataset
    .command('list')
    .description('every dataset: resource code, rows, last load')
    .action(async () => {
      const rows = await context.withPlatform('dataset list', ({ app }) => app.modules.datasets.service.list(cliActor('dataset list')));
      if (rows.length === 0) console.log('no datasets');
      for (const d of rows) console.log(`${d.resourceCode}  ${d.entryName}  ${d.rowCount} rows  key ${d.keyItemCode ?? '-'}  last loaded ${d.lastLoadedAt ?? 'never'}  ${d.id}`);
    });
  dataset
    .command('import')
    .description('load a CSV or XLSX file into the dataset of a published entry (created on first use)')
    .requiredOption('--entry <code>', 'resource code of the published entry')
    .requiredOption('--file <path>', 'CSV (UTF-8, GBK/GB18030) or XLSX file')
    .option('--mode <mode>', 'replace (full) or upsert (by key)', choice(['replace', 'upsert']), 'replace')
    .option('--on-error <policy>', 'reject the whole file, or load_valid rows and keep the bad ones aside', choice(['reject', 'load_valid']), 'reject')
    .action(async (options: { entry: string; file: string; mode: 'replace' | 'upsert'; onError: 'reject' | 'load_valid' }) => {
      const filePath = path.resolve(options.file);
      if (!fs.existsSync(filePath)) throw ValidationError.field('file', `--file: ${filePath} 不存在 (no such file)`);
      const batch = await context.withPlatform('dataset import', async ({ app }) => {
        const actor = cliActor('dataset import');
        const target = await app.modules.datasets.service.forEntryCode(actor, options.entry);
        const file = { filename: path.basename(filePath), stream: fs.createReadStream(filePath), truncated: () => false };
        return app.modules.datasets.service.upload(actor, target.id, file, { mode: options.mode, onError: options.onError });
      });
      printBatch(batch);
    });

  const sync = program.command('sync').description('table sync (库表对接) from provider databases');
  sync
    .command('run <datasetId>')
    .description('run the table sync of a dataset now')
    .option('--mode <mode>', 'full or incremental', choice(['full', 'incremental']), 'incremental')
    .action(async (datasetId: string, options: { mode: 'full' | 'incremental' }) => {
      const batch = await context.withPlatform('sync run', async ({ app }) => {
        const actor = cliActor('sync run');
        const batchId = await app.modules.datasets.tableSync.run(actor, datasetId, options.mode);
        return app.modules.datasets.service.batch(actor, datasetId, batchId);
      });
      printBatch(batch);
    });
}

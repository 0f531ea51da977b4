import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { ValidationError } from '../../platform/errors.ts';

export type DetectedEncoding = 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-8' | 'gb18030';

/**
 * BOM → strict UTF-8 → GB18030. Chinese Excel and WPS save "CSV" as GBK without a BOM; GB18030
 * is a superset of GBK. Strict UTF-8 is decided over the whole file, streamed, so one GBK byte on
 * the last line is not taken for UTF-8.
 */
export async function detectEncoding(path: string): Promise<DetectedEncoding> {
  const head = Buffer.alloc(3);
  const fd = await fs.promises.open(path, 'r');
  try {
    const { bytesRead } = await fd.read(head, 0, 3, 0);
    if (bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
    if (bytesRead >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le-bom';
    if (bytesRead >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be-bom';
  } finally {
    await fd.close();
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const DECODERS: Record<DetectedEncoding, string> = {
  'utf-8-bom': 'utf-8',
  'utf-16le-bom': 'utf-16le',
  'utf-16be-bom': 'utf-16be',
  'utf-8': 'utf-8',
  gb18030: 'gb18030',
};

/** Records of a CSV file as arrays of strings, streamed: the header first, then the data rows. */
export async function* csvRecords(path: string, encoding: DetectedEncoding, maxRecordChars: number): AsyncGenerator<string[]> {
  // iconv-lite strips a BOM by default (stripBOM), for every encoding above.
  const source = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const text = source.pipe(iconv.decodeStream(DECODERS[encoding]));
  const parser = text.pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, max_record_size: maxRecordChars, trim: false }),
  );
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    const code = (error as { code?: string }).code;
    const line = (error as { lines?: number }).lines;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new ValidationError(`file: CSV 格式错误${line ? `,第 ${line} 行` : ''} (${(error as Error).message})`, [{ field: 'file', ...(line && { row: line }), message: (error as Error).message }], 'INVALID_CSV');
    }
    throw error;
  } finally {
    source.destroy();
  }
}

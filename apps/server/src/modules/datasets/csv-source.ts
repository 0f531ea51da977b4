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
  if (await strictUtf8(path)) return 'utf-8';
  // Line by line: a file whose lines are partly valid UTF-8 text with Chinese characters and
  // partly not is a mix of encodings (rows pasted from two sources), which no single decoding
  // reads right: refused, naming a line of each kind.
  let invalidLine: number | null = null;
  let utf8Line: number | null = null;
  let lineNo = 1;
  let line: Buffer[] = [];
  const classify = () => {
    const bytes = Buffer.concat(line);
    line = [];
    if (bytes.every((b) => b < 0x80)) return;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      invalidLine ??= lineNo;
      return;
    }
    // Three or more characters beyond ASCII: short runs of GBK bytes can happen to be valid UTF-8.
    if ([...text].filter((ch) => ch.charCodeAt(0) >= 0x80).length >= 3) utf8Line ??= lineNo;
  };
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, start)) {
      line.push(buffer.subarray(start, i));
      classify();
      lineNo++;
      start = i + 1;
    }
    if (start < buffer.length) line.push(buffer.subarray(start));
    // A line longer than the record limit is classified by its beginning only.
    if (line.reduce((n, b) => n + b.length, 0) > 4 * 1024 * 1024) classify();
  }
  classify();
  if (invalidLine === null) return 'utf-8';
  if (utf8Line !== null) {
    throw new ValidationError(
      `file: 文件混用了多种字符编码(第 ${utf8Line} 行为 UTF-8,第 ${invalidLine} 行不是),请统一另存为 UTF-8 或 GBK (mixed encodings)`,
      [{ field: 'file', row: invalidLine, message: `第 ${invalidLine} 行与第 ${utf8Line} 行的字符编码不同 (line ${invalidLine} is not UTF-8, line ${utf8Line} is)` }],
      'MIXED_ENCODINGS',
    );
  }
  return 'gb18030';
}

async function strictUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
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

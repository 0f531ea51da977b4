import zlib from 'node:zlib';

/**
 * A structural check of an uploaded PDF (stamped application letters): not a full parser, but
 * enough that a renamed file, a truncated upload or a PDF that runs code is refused. Returns
 * the reason, or null for a file that passes.
 *
 * - `%PDF-1.x` / `%PDF-2.0` header in the first 1 KB, `%%EOF` in the last 1 KB;
 * - `startxref` names an offset inside the file where a cross-reference table (`xref`) or a
 *   cross-reference stream object (`N G obj`) begins;
 * - no active content: the names /JavaScript, /JS, /Launch, /EmbeddedFile(s), /RichMedia,
 *   /SubmitForm, /ImportData, /XFA, also when written with `#xx` escapes or inside compressed
 *   object streams (inflated with a size cap).
 */
const ACTIVE = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'SubmitForm', 'ImportData', 'XFA']);
const NAME = /\/([^\s/<>[\]()%{}]+)/g;
/** Inflated bytes of object streams examined per file, at most. */
const INFLATE_BUDGET = 32 * 1024 * 1024;

function activeName(text: string): string | null {
  for (const match of text.matchAll(NAME)) {
    const name = match[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (ACTIVE.has(name)) return name;
  }
  return null;
}

export function pdfProblem(data: Buffer): string | null {
  const head = data.subarray(0, 1024).toString('latin1');
  if (!/%PDF-(1\.[0-7]|2\.0)/.test(head)) return 'no PDF header';
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF')) return 'no %%EOF trailer (truncated?)';
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!startxref) return 'no startxref before %%EOF';
  const offset = Number(startxref[1]);
  if (offset >= data.length) return 'startxref points outside the file';
  const atXref = data.subarray(offset, offset + 32).toString('latin1');
  if (!/^\s*(xref|\d+\s+\d+\s+obj)/.test(atXref)) return 'startxref does not point to a cross-reference section';

  const text = data.toString('latin1');
  const found = activeName(text);
  if (found) return `active content /${found}`;
  // Object streams hide their objects' names behind compression: inflate them (capped) and look again.
  let budget = INFLATE_BUDGET;
  for (const match of text.matchAll(/\/Type\s*\/ObjStm[\s\S]{0,400}?stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) return 'unterminated stream';
    let inflated: Buffer;
    try {
      inflated = zlib.inflateSync(data.subarray(start, end), { maxOutputLength: Math.max(1, budget) });
    } catch {
      return 'object stream that cannot be read (or too large)';
    }
    budget -= inflated.length;
    const hidden = activeName(inflated.toString('latin1'));
    if (hidden) return `active content /${hidden}`;
  }
  return null;
}

import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * XLSX "zip bombs" built on the fly (no binary in the repository): a real workbook whose one
 * sheet is `sheetBytes` of highly compressible rows, so a ~1 MB upload unpacks to hundreds of MB.
 */
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="目录信息" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** Sheet XML of about `bytes`, produced lazily so the test itself never holds it. */
function sheetStream(bytes: number): Readable {
  const row = '<row><c t="inlineStr"><is><t>炸弹 bomb</t></is></c><c t="inlineStr"><is><t>炸弹 bomb</t></is></c></row>';
  const chunk = Buffer.from(row.repeat(Math.ceil(65536 / row.length)));
  let sent = 0;
  return Readable.from(
    (function* () {
      yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
      for (; sent < bytes; sent += chunk.length) yield chunk;
      yield Buffer.from('</sheetData></worksheet>');
    })(),
  );
}

function collect(zip: yazl.ZipFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (part: Buffer) => parts.push(part)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
  });
}

export async function xlsxBomb(sheetBytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(WORKBOOK), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS), 'xl/_rels/workbook.xml.rels');
  zip.addReadStream(sheetStream(sheetBytes), 'xl/worksheets/sheet1.xml', { compressionLevel: 9 });
  const done = collect(zip);
  zip.end();
  return done;
}

/**
 * A bomb that lies: the central directory and the local header declare a small unpacked size
 * for the sheet, so only counting bytes while inflating can catch it.
 */
export async function lyingXlsxBomb(sheetBytes: number, declared = 4096): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(WORKBOOK), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS), 'xl/_rels/workbook.xml.rels');
  const chunks: Buffer[] = [];
  for await (const chunk of sheetStream(sheetBytes)) chunks.push(chunk as Buffer);
  zip.addBuffer(Buffer.concat(chunks), 'xl/worksheets/sheet1.xml', { compressionLevel: 9 });
  const buffer = await collect(((z) => (z.end(), z))(zip));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  // Central directory record: signature 0x02014b50, uncompressed size at +24, name at +46.
  for (let at = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    if (buffer.subarray(at + 46, at + 46 + name.length).equals(name)) buffer.writeUInt32LE(declared, at + 24);
  }
  // Local header: signature 0x04034b50, uncompressed size at +22, name at +30.
  for (let at = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])); at >= 0; at = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 4)) {
    if (buffer.subarray(at + 30, at + 30 + name.length).equals(name)) buffer.writeUInt32LE(declared, at + 22);
  }
  return buffer;
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A large, ordinary workbook (varied text, normal compression) with the sheets 目录信息 and
 * 信息项 of `rows` rows × `columns` columns each, written as XML straight into the zip so the
 * test process builds no workbook objects (whose garbage collection would distort the latency
 * the test measures).
 */
export async function largeWorkbook(rows: number, columns: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const sheets = ['目录信息', '信息项'];
  zip.addBuffer(Buffer.from(CONTENT_TYPES.replace('</Types>', '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(WORKBOOK.replace('<sheet name="目录信息" sheetId="1" r:id="rId1"/>', sheets.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join(''))), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS.replace('</Relationships>', '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>')), 'xl/_rels/workbook.xml.rels');
  sheets.forEach((_, s) => {
    const stream = Readable.from(
      (function* () {
        yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
        for (let r = 1; r <= rows; r++) {
          let row = `<row r="${r}">`;
          for (let c = 0; c < columns; c++) row += `<c r="${columnName(c)}${r}" t="inlineStr"><is><t>第${r}行第${c}列 ${(r * 7919 + c * 104729 + s) % 1000003}</t></is></c>`;
          yield `${row}</row>`;
        }
        yield '</sheetData></worksheet>';
      })(),
    );
    zip.addReadStream(stream, `xl/worksheets/sheet${s + 1}.xml`);
  });
  const done = collect(zip);
  zip.end();
  return done;
}

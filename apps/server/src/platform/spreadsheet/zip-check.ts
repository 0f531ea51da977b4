import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { rejection, SpreadsheetRejectedError, type SpreadsheetLimits } from './limits.ts';

interface EntryInfo {
  fileName: string;
  offset: number;
  compressedSize: number;
  uncompressedSize: number;
}

const LOCAL_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** A data descriptor after an entry's data: 12 bytes, 16 with its signature, 24 for zip64. */
const MAX_DESCRIPTOR = 24;

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => done(null, entry);
    const onEnd = () => done(null, null);
    const onError = (error: Error) => done(error, null);
    const done = (error: Error | null, entry: yauzl.Entry | null) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (error) reject(error);
      else resolve(entry);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

/** Offset of the central directory, from the end-of-central-directory record (null for zip64). */
function centralDirectoryOffset(buffer: Buffer): number | null {
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
    if (buffer.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      const offset = buffer.readUInt32LE(at + 16);
      return offset === 0xffffffff ? null : offset;
    }
  }
  return null;
}

/**
 * The entries must tile the file: each local header sits where the previous entry's data (and
 * data descriptor) ends, and the last one ends at the central directory. The streaming XLSX
 * reader walks local headers from the start of the file while this check reads the central
 * directory; tiling means both see the same entries with the same data, so a file cannot hide
 * an undeclared (or differently sized) entry from the limits.
 */
function checkTiling(buffer: Buffer, entries: EntryInfo[]): string | null {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const entry of sorted) {
    if (entry.offset < expected || entry.offset > expected + (expected === 0 ? 0 : MAX_DESCRIPTOR)) return `entry ${entry.fileName} is not where the previous one ends`;
    if (entry.offset + 30 > buffer.length || buffer.readUInt32LE(entry.offset) !== LOCAL_HEADER) return `no local header for ${entry.fileName}`;
    const headerLength = 30 + buffer.readUInt16LE(entry.offset + 26) + buffer.readUInt16LE(entry.offset + 28);
    expected = entry.offset + headerLength + entry.compressedSize;
  }
  const directory = centralDirectoryOffset(buffer);
  if (directory !== null && (directory < expected || directory > expected + MAX_DESCRIPTOR)) return 'data between the last entry and the central directory';
  return null;
}

/**
 * Checks a zip against the limits before anything parses it: entry count, declared unpacked
 * sizes and compression ratios from the central directory, the tiling of entries, and then the
 * real unpacked size, counted while inflating (yauzl also fails an entry that inflates to more
 * than it declared). Nothing inflated is kept.
 */
export async function checkZip(buffer: Buffer, limits: SpreadsheetLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(buffer);
  } catch (error) {
    throw rejection('not-xlsx', limits, (error as Error).message);
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw rejection('too-many-entries', limits, zip.entryCount);
    const entries: Array<EntryInfo & { entry: yauzl.Entry }> = [];
    let declared = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) throw rejection('unpacked-too-large', limits, declared);
      if (entry.uncompressedSize > limits.ratioCheckAboveBytes && entry.uncompressedSize > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
        throw rejection('compression-ratio', limits, entry.fileName);
      }
      entries.push({
        entry,
        fileName: entry.fileName,
        offset: entry.relativeOffsetOfLocalHeader,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
      });
    }
    const tiling = checkTiling(buffer, entries);
    if (tiling) throw rejection('not-xlsx', limits, tiling);

    let inflated = 0;
    for (const { entry } of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const counter = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          inflated += chunk.length;
          callback(inflated > limits.maxUnpackedBytes ? rejection('unpacked-too-large', limits, inflated) : null);
        },
      });
      await pipeline(await openStream(zip, entry), counter);
    }
  } catch (error) {
    if (error instanceof SpreadsheetRejectedError) throw error;
    const message = (error as Error).message;
    // yauzl: "too many bytes in the stream" when an entry inflates beyond its declared size.
    if (/too many bytes/i.test(message)) throw rejection('unpacked-too-large', limits);
    throw rejection('not-xlsx', limits, message);
  } finally {
    zip.close();
  }
}

/**
 * Reads the text files of a GTFS feed, one row at a time, from a zip archive or a directory.
 *
 * A zip is read through its central directory (yauzl) and each entry is inflated as a stream, so a
 * feed of a million stop_times never sits in memory whole. Archives that would inflate to more than
 * MAX_UNCOMPRESSED_BYTES, or hold more than MAX_ENTRIES entries, are refused before anything is
 * inflated (a "zip bomb" lies about nothing we trust: yauzl checks each entry's real size against
 * the size it declares). Feeds zipped with their enclosing folder ("feed/stops.txt") are accepted.
 *
 * Each file is parsed by csv-parse (quotes, BOM, CRLF as RFC 4180 and the GTFS reference describe),
 * columns named by the header row, values trimmed.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import yauzl from 'yauzl';

export const MAX_UNCOMPRESSED_BYTES = 2 * 1024 ** 3;
export const MAX_ENTRIES = 500;

/** A file's row: columns by header name, all strings as written (trimmed). */
export type GtfsRow = Record<string, string>;

export interface RowEvent {
  /** 1-based line of the file where the record ends (header = 1) */
  line: number;
  row: GtfsRow;
}

export class FeedReadError extends Error {}

export interface FeedSource {
  /** GTFS file names present, e.g. 'stops.txt' */
  readonly files: ReadonlySet<string>;
  /**
   * The header of `file` (via onHeader, before the first row) and its rows. A malformed CSV ends
   * the iteration with a CsvProblem thrown, carrying the line.
   */
  rows(file: string, onHeader: (columns: string[]) => void): AsyncIterable<RowEvent>;
  close(): Promise<void>;
}

export class CsvProblem extends Error {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

async function* parseRows(input: Readable, onHeader: (columns: string[]) => void): AsyncIterable<RowEvent> {
  const parser = input.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const cols = header.map((h) => h.trim());
        onHeader(cols);
        return cols;
      },
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  try {
    for await (const rec of parser as AsyncIterable<{ record: GtfsRow; info: { lines: number } }>) {
      yield { line: rec.info.lines, row: rec.record };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new CsvProblem((err as CsvError & { lines?: number }).lines, `CSV 格式错误：${err.message}`);
    // The input failed: an entry that inflates to more than it declared, a truncated archive. (Errors
    // of the caller's loop body do not arrive here: they end the iteration from outside.)
    throw new CsvProblem(undefined, `文件读取失败，压缩包可能已损坏：${(err as Error).message}`);
  } finally {
    input.destroy();
  }
}

/** A directory holding the .txt files (the demo feed in the repository). */
export async function openDirectory(dir: string): Promise<FeedSource> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt'));
  const files = new Set<string>();
  for (const n of names) if ((await stat(join(dir, n))).isFile()) files.add(n);
  return {
    files,
    rows: (file, onHeader) => parseRows(createReadStream(join(dir, file)), onHeader),
    close: async () => undefined,
  };
}

function openZipFile(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let total = 0;
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      total += e.uncompressedSize;
      if (entries.length > MAX_ENTRIES) return reject(new FeedReadError(`压缩包内文件过多（超过 ${MAX_ENTRIES} 个），不像是 GTFS 数据`));
      if (total > MAX_UNCOMPRESSED_BYTES) return reject(new FeedReadError('压缩包解压后超过 2GB，请确认文件内容'));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * A zip archive. The .txt files may sit at the root or all inside one folder; anything else
 * (__MACOSX, readme files, nested folders) is ignored.
 */
export async function openZip(path: string): Promise<FeedSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZipFile(path);
  } catch (err) {
    throw new FeedReadError(`无法读取压缩包：${(err as Error).message}`);
  }
  let entries: yauzl.Entry[];
  try {
    entries = await listEntries(zip);
  } catch (err) {
    zip.close();
    throw err instanceof FeedReadError ? err : new FeedReadError(`无法读取压缩包：${(err as Error).message}`);
  }
  const txt = entries.filter((e) => e.fileName.endsWith('.txt') && !e.fileName.startsWith('__MACOSX/'));
  const atRoot = txt.filter((e) => !e.fileName.includes('/'));
  let chosen = atRoot;
  let prefix = '';
  if (!atRoot.length) {
    const folders = new Set(txt.map((e) => e.fileName.split('/')[0]));
    const folder = [...folders][0];
    if (folders.size === 1 && folder) {
      prefix = `${folder}/`;
      chosen = txt.filter((e) => e.fileName.split('/').length === 2);
    }
  }
  const byName = new Map(chosen.map((e) => [e.fileName.slice(prefix.length), e]));
  return {
    files: new Set(byName.keys()),
    rows(file, onHeader) {
      const entry = byName.get(file);
      if (!entry) throw new FeedReadError(`缺少文件 ${file}`);
      const open = new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
      return (async function* () {
        let stream: Readable;
        try {
          stream = await open;
        } catch (err) {
          throw new CsvProblem(undefined, `无法解压：${(err as Error).message}`);
        }
        yield* parseRows(stream, onHeader);
      })();
    },
    close: async () => zip.close(),
  };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** True when the bytes start like a zip archive's first local file header (the content, not the name). */
export const looksLikeZip = (head: Buffer): boolean => head.length >= 4 && head.subarray(0, 4).equals(ZIP_MAGIC);

/** A zip file path or a directory path. */
export async function openFeed(source: string): Promise<FeedSource> {
  const s = await stat(source);
  return s.isDirectory() ? openDirectory(source) : openZip(source);
}

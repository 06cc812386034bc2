/**
 * Small GTFS feeds built in tests (no files in the repository besides the demo feed): the text
 * files as strings, zipped in memory with yazl, and the multipart body the console sends.
 */
import yazl from 'yazl';

export type FeedFiles = Record<string, string>;

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

/**
 * A valid feed of 演示 lines in 达州 (coordinates near 通川区): a parent station with two platforms,
 * line 1 (weekday + weekend trips, a non-timepoint call to interpolate, a trip past midnight),
 * line 2 run by frequency, a holiday exception, a transfer and shapes.
 */
export function validFeed(): FeedFiles {
  return {
    'agency.txt': csv([
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone'],
      ['DZBUS', '达州公交（演示）', 'https://example.invalid', 'Asia/Shanghai'],
    ]),
    'stops.txt': csv([
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type', 'parent_station'],
      ['ST1', '火车站', '31.2230', '107.5030', '1', ''],
      ['S1', '火车站(1站台)', '31.2231', '107.5031', '0', 'ST1'],
      ['S1B', '火车站(2站台)', '31.2229', '107.5029', '0', 'ST1'],
      ['S2', '朝阳路口', '31.2160', '107.4980', '0', ''],
      ['S3', '西外', '31.2100', '107.4900', '0', ''],
      ['S4', '中心医院', '31.2050', '107.4850', '0', ''],
      ['S5', '未使用站', '31.2000', '107.4800', '0', ''],
    ]),
    'routes.txt': csv([
      ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color'],
      ['1', 'DZBUS', '1路', '火车站—中心医院', '3', 'E53935'],
      ['2', 'DZBUS', '2路', '火车站—西外', '3', '1E88E5'],
    ]),
    'calendar.txt': csv([
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      ['WD', 1, 1, 1, 1, 1, 0, 0, '20260101', '20271231'],
      ['WE', 0, 0, 0, 0, 0, 1, 1, '20260101', '20271231'],
    ]),
    'calendar_dates.txt': csv([
      ['service_id', 'date', 'exception_type'],
      ['WD', '20261001', '2'],
      ['WE', '20261001', '1'],
    ]),
    'shapes.txt': csv([
      ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'],
      ['SH1', '31.2231', '107.5031', 1],
      ['SH1', '31.2160', '107.4980', 2],
      ['SH1', '31.2100', '107.4900', 3],
      ['SH1', '31.2050', '107.4850', 4],
    ]),
    'trips.txt': csv([
      ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id'],
      ['1', 'WD', 'T1', '中心医院', 0, 'SH1'],
      ['1', 'WE', 'T2', '中心医院', 0, 'SH1'],
      ['1', 'WD', 'T3', '中心医院', 0, 'SH1'],
      ['2', 'WD', 'F1', '西外', 0, ''],
    ]),
    'stop_times.txt': csv([
      ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'shape_dist_traveled'],
      ['T1', '08:00:00', '08:00:00', 'S1', 1, '0'],
      ['T1', '', '', 'S2', 2, '300'],
      ['T1', '', '', 'S3', 3, '900'],
      ['T1', '08:12:00', '08:12:00', 'S4', 4, '1200'],
      ['T2', '09:00:00', '09:00:00', 'S1', 1, ''],
      ['T2', '', '', 'S2', 2, ''],
      ['T2', '09:10:00', '09:10:00', 'S4', 4, ''],
      ['T3', '23:50:00', '23:50:00', 'S1', 1, ''],
      ['T3', '24:05:00', '24:05:30', 'S4', 4, ''],
      ['F1', '00:00:00', '00:00:00', 'S1B', 1, ''],
      ['F1', '00:06:00', '00:06:00', 'S3', 2, ''],
    ]),
    'frequencies.txt': csv([
      ['trip_id', 'start_time', 'end_time', 'headway_secs'],
      ['F1', '06:00:00', '22:00:00', 600],
    ]),
    'transfers.txt': csv([
      ['from_stop_id', 'to_stop_id', 'transfer_type', 'min_transfer_time'],
      ['S1', 'S1B', 2, 120],
    ]),
  };
}

/** Zips the files in memory; `folder` puts them all inside one top-level folder, as some exporters do. */
export function zipFeed(files: FeedFiles, folder = '', extra: Record<string, Buffer> = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text, 'utf8'), `${folder ? `${folder}/` : ''}${name}`);
  // Stored, not deflated: a test can make an archive of a given size.
  for (const [name, bytes] of Object.entries(extra)) zip.addBuffer(bytes, name, { compress: false });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The multipart/form-data body of an upload in field `file`. */
export function multipartFile(content: Buffer, fileName = 'gtfs.zip'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----dzgtfs${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/zip\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

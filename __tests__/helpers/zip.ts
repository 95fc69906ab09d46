import { inflateRawSync } from 'node:zlib';

/** Reads back the single file of a zip written by zipSingleFile. */
export function unzipSingleFile(zip: Buffer): { name: string; content: Buffer } {
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip local file header');
  const compressedSize = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength).toString('utf8');
  return { name, content: inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + compressedSize)) };
}

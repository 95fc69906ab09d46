/**
 * A zip archive with one file and a fixed timestamp, so the same code always gives the same bytes:
 * the Lambda package hash (and the synthesized output that carries it) changes only when the
 * code does. cdktf's own archiving stamps the build time into the zip.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** 1980-01-01 00:00, the earliest date a zip can carry. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function zipSingleFile(fileName: string, content: Buffer): Buffer {
  const name = Buffer.from(fileName, 'utf8');
  const compressed = deflateRawSync(content, { level: 9 });
  const checksum = crc32(content);

  // The fields the local header and the central directory entry share, at their offsets.
  const writeEntry = (header: Buffer, at: number) => {
    header.writeUInt16LE(20, at); // version needed to extract
    header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
    header.writeUInt16LE(8, at + 4); // deflate
    header.writeUInt16LE(DOS_TIME, at + 6);
    header.writeUInt16LE(DOS_DATE, at + 8);
    header.writeUInt32LE(checksum, at + 10);
    header.writeUInt32LE(compressed.length, at + 14);
    header.writeUInt32LE(content.length, at + 18);
    header.writeUInt16LE(name.length, at + 22);
  };

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  writeEntry(local, 4);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
  writeEntry(central, 6);
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
  central.writeUInt32LE(0, 42); // offset of the local header

  const centralOffset = local.length + name.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);

  return Buffer.concat([local, name, compressed, central, name, end]);
}

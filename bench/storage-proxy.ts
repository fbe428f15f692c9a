/**
 * Benchmark of the storage proxy (issue 13). Prints JSON, in one run: upload and download
 * throughput of one file (1 GiB by default) through the storage proxy, beside nginx on the same
 * machine; goal: at least 0.8 of nginx both ways.
 * - nginx (Debian's `nginx-light`, a child process with a generated config on a free loopback
 *   port): one PUT of the whole file through the dav module; GET of the stored file with sendfile.
 * - The storage proxy, in this process (config-store-embedded, storage-backend-vfs, one vfs
 *   volume in the temp dir): an upload token from `POST /folder/file/upload` (untimed), then tus
 *   1.0.0 on the client API (HEAD, then PATCHes of `--chunk-mib` MiB with `Upload-Offset`) until
 *   the file is in place; a download token from `POST /folder/file/download` (untimed), then GET.
 * One client, in a process of its own, drives both servers the same way (Node's http client,
 * the file streamed from disk; downloads counted and dropped). One untimed transfer each way on
 * each server warms up first. Each round runs both servers, alternating which goes first, with
 * `sync` before every timed transfer; the best of the rounds counts. What arrived is checked once
 * per direction, untimed: the sha256 of the file each server stored after the timed uploads, and
 * of the warm-up download from each. MB/s are 10^6 bytes per second.
 * Usage: npm run bench:storage [-- --mib 1024 --rounds 3 --chunk-mib 64 --nginx-only]
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numericArgument } from './cli-options';
import { freePort } from './free-port';
import { runBenchmark } from './run-benchmark';
import { startNginx, type NginxServer } from './support/nginx-server';
import {
  startStorageProxy,
  type ProxyFolder,
  type StorageProxyUnderTest,
} from './support/storage-proxy-kernel';
import { TransferClient, type TransferOrder } from './support/transfer-client';

const MIB = 1024 * 1024;
const fileMib = numericArgument('--mib', 1024, 16 * 1024);
const rounds = Math.round(numericArgument('--rounds', 3, 10));
const chunkMib = numericArgument('--chunk-mib', 64, 1024);
const FILE_BYTES = Math.round(fileMib * MIB);
const CHUNK_BYTES = Math.round(chunkMib * MIB);
const RELPATH = 'data/bench.bin';
const GOAL_RATIO = 0.8;
/** Measure the reference alone (the proxy's figures come out null). */
const nginxOnly = process.argv.includes('--nginx-only');

/** `bytes` of random data written to `path` in 16 MiB blocks; its sha256. */
function writeRandomFile(path: string, bytes: number): string {
  const hash = createHash('sha256');
  const block = Buffer.alloc(16 * MIB);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes;) {
      const part = block.subarray(0, Math.min(block.length, bytes - written));
      randomFillSync(part);
      hash.update(part);
      written += writeSync(fd, part);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function sha256OfFile(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 4 * MIB })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => done(hash.digest('hex')))
      .on('error', fail);
  });
}

const megabytesPerSecond = (bytes: number, ms: number): number => Math.round(bytes / 1000 / ms);

interface Side {
  name: 'proxy' | 'nginx';
  upload(): Promise<TransferOrder>;
  download(sha256: boolean): Promise<TransferOrder>;
  storedFile(): Promise<string>;
}

/** `rounds` timed transfers on each side, alternating which side goes first; MB/s of each. */
async function measure(
  client: TransferClient,
  sides: Side[],
  order: (side: Side) => Promise<TransferOrder>,
): Promise<Partial<Record<Side['name'], number[]>>> {
  const rates: Partial<Record<Side['name'], number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const next = await order(side);
      execFileSync('sync'); // no write-back of the previous transfer during this one
      const result = await client.run(next);
      if (result.bytes !== FILE_BYTES)
        throw new Error(`${side.name}: ${result.bytes} bytes moved, not ${FILE_BYTES}`);
      (rates[side.name] ??= []).push(megabytesPerSecond(result.bytes, result.ms));
    }
  }
  return rates;
}

function compare(rates: Partial<Record<Side['name'], number[]>>): {
  proxy_MBps: number | null;
  nginx_MBps: number;
  ratio: number | null;
  each_round: Partial<Record<Side['name'], number[]>>;
} {
  const proxy = rates.proxy ? Math.max(...rates.proxy) : null;
  const nginx = Math.max(...rates.nginx!);
  return {
    proxy_MBps: proxy,
    nginx_MBps: nginx,
    ratio: proxy === null ? null : Math.round((proxy / nginx) * 100) / 100,
    each_round: rates,
  };
}

function nginxSide(nginx: NginxServer, file: string): Side {
  const url = `${nginx.url}/${RELPATH}`;
  return {
    name: 'nginx',
    upload: async () => ({ op: 'put', url, file, size: FILE_BYTES }),
    download: async (sha256) => ({ op: 'get', url, sha256 }),
    storedFile: async () => join(nginx.root, RELPATH),
  };
}

function proxySide(folder: ProxyFolder, file: string): Side {
  return {
    name: 'proxy',
    upload: async () => ({
      op: 'tus',
      url: await folder.uploadUrl(RELPATH, FILE_BYTES),
      file,
      size: FILE_BYTES,
      chunk: CHUNK_BYTES,
    }),
    download: async (sha256) => ({ op: 'get', url: await folder.downloadUrl(RELPATH), sha256 }),
    storedFile: async () => join(await folder.hostPath(), RELPATH),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-storage-'));
  let nginx: NginxServer | undefined;
  let proxy: StorageProxyUnderTest | undefined;
  let client: TransferClient | undefined;
  try {
    const file = join(dir, 'source.bin');
    const expected = writeRandomFile(file, FILE_BYTES);
    nginx = await startNginx(join(dir, 'nginx'), await freePort());
    const sides: Side[] = [nginxSide(nginx, file)];
    if (!nginxOnly) {
      mkdirSync(join(dir, 'volume'));
      proxy = await startStorageProxy(join(dir, 'volume'));
      sides.push(proxySide(await proxy.createFolder(), file));
    }
    client = new TransferClient();

    // A first transfer each way on each side is untimed: it warms up both servers and the client
    // (JIT, connections, page cache) and checks what arrived.
    for (const side of sides) await client.run(await side.upload());
    const upload = await measure(client, sides, (side) => side.upload());
    for (const side of sides) {
      const stored = await sha256OfFile(await side.storedFile());
      if (stored !== expected)
        throw new Error(`${side.name}: the stored file's sha256 differs from the source's`);
    }
    for (const side of sides) {
      const { sha256 } = await client.run(await side.download(true));
      if (sha256 !== expected)
        throw new Error(`${side.name}: the downloaded bytes' sha256 differs from the source's`);
    }
    const download = await measure(client, sides, (side) => side.download(false));

    const uploadFigures = compare(upload);
    const downloadFigures = compare(download);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'storage-proxy',
          unit: 'MB/s (10^6 bytes per second), best of the rounds',
          upload: uploadFigures,
          download: downloadFigures,
          file_bytes: FILE_BYTES,
          tus_chunk_bytes: CHUNK_BYTES,
          rounds,
          sha256_verified: true,
          nginx: nginx.version,
          machine: { cpus: cpus().length, node: process.version },
          goals: {
            uploadAtLeast08OfNginx: uploadFigures.ratio !== null && uploadFigures.ratio >= GOAL_RATIO,
            downloadAtLeast08OfNginx: downloadFigures.ratio !== null && downloadFigures.ratio >= GOAL_RATIO,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await client?.close();
    await proxy?.stop();
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark('storage-proxy', main);

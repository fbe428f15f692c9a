import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/** An nginx child process serving `root` over HTTP on loopback: PUT stores a file there, GET sends it. */
export interface NginxServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The folder PUT writes into and GET serves from. */
  root: string;
  /** `nginx -v` */
  version: string;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];
const READY_TIMEOUT_MS = 10_000;

/** The nginx binary, or an error that says how to install one with the dav module. */
function nginxBinary(): string {
  const onPath = (process.env['PATH'] ?? '').split(':').map((dir) => join(dir, 'nginx'));
  const found = [...onPath, ...CANDIDATES].find((path) => existsSync(path));
  if (!found)
    throw new Error(
      'nginx is not installed; the storage benchmark measures it as the reference: ' +
        '`apt-get install -y nginx-light` (Debian; it includes ngx_http_dav_module)',
    );
  return found;
}

/**
 * The configuration: one worker, no access log, bodies of any size buffered to a temporary file
 * in the prefix (on the same filesystem as `root`, so the dav module's final step is a rename),
 * PUT through the dav module, GET with sendfile. Every path nginx writes is inside `prefix`.
 * `client_body_buffer_size 1m`: with the default (16k) nginx writes a large body in 16 KiB pieces
 * and uploads run at about a quarter of the speed, too weak a reference.
 */
function configuration(prefix: string, root: string, port: number): string {
  const temp = (name: string): string => join(prefix, 'temp', name);
  for (const name of ['client-body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(temp(name), { recursive: true });
  return `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_max_body_size 0;
  client_body_temp_path ${temp('client-body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw;
      client_body_buffer_size 1m;
    }
  }
}
`;
}

/** Any HTTP answer from `url` (the server is up), or false. */
function answers(url: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = request(url, { method: 'HEAD' }, (response) => {
      response.resume();
      done(true);
    });
    probe.on('error', () => done(false));
    probe.end();
  });
}

/** Starts nginx in the foreground (`daemon off`) with its prefix, config and logs in `prefix`. */
export async function startNginx(prefix: string, port: number): Promise<NginxServer> {
  const binary = nginxBinary();
  const root = join(prefix, 'www');
  mkdirSync(root, { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, configuration(prefix, root, port));
  const errorLog = join(prefix, 'error.log');
  const args = ['-p', prefix, '-c', conf, '-e', errorLog, '-g', 'daemon off;'];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const failure = (why: string): Error => {
    const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
    return new Error(`nginx ${why}: ${stderr}${log}`);
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null) throw failure(`exited ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw failure(`did not answer on ${url} in ${READY_TIMEOUT_MS} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const version = await new Promise<string>((done) => {
    const probe = spawn(binary, ['-v'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    probe.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    probe.on('close', () => done(text.trim().replace(/^nginx version: /, '')));
  });
  return {
    url,
    root,
    version,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

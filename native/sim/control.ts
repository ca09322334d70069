import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';

// The simulators' control surface: the same commands from stdin lines ("place 2") and from a small
// HTTP API on 127.0.0.1 (POST /place/2), so a person and a test script drive them the same way.

export type Command = (args: string[]) => string | Promise<string>;
export type Commands = Record<string, { help: string; run: Command }>;

export async function runCommand(commands: Commands, line: string): Promise<{ ok: boolean; text: string }> {
  const [name, ...args] = line.trim().split(/\s+/);
  if (!name) return { ok: true, text: '' };
  if (name === 'help') return { ok: true, text: helpText(commands) };
  const cmd = commands[name];
  if (!cmd) return { ok: false, text: `unknown command "${name}"; try "help"` };
  try {
    return { ok: true, text: await cmd.run(args) };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
}

export function helpText(commands: Commands): string {
  return Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(10)} ${c.help}`)
    .join('\n');
}

/** Reads commands from stdin until it ends; answers on stdout. */
export function controlFromStdin(commands: Commands, write: (s: string) => void): () => void {
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    void runCommand(commands, line).then((r) => r.text && write(r.ok ? r.text : `error: ${r.text}`));
  });
  return () => rl.close();
}

/** POST /<command>/<arg>/<arg> on 127.0.0.1 only; GET / lists the commands. Port 0 = any free port. */
export async function startControlServer(
  commands: Commands,
  port: number,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const parts = decodeURIComponent((req.url ?? '/').split('?')[0]!)
      .split('/')
      .filter(Boolean);
    if (req.method === 'GET' && parts.length === 0) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`${helpText(commands)}\n`);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('use POST /<command>/<args>\n');
      return;
    }
    void runCommand(commands, parts.join(' ')).then((r) => {
      res.writeHead(r.ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${r.text}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://127.0.0.1:${actual}/`, server };
}

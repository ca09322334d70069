import { parseArgs } from 'node:util';
import { createPtyPair, type PtyPair } from '../pty/socat-pair';
import { controlFromStdin, helpText, startControlServer, type Commands } from './control';

// What both simulator command lines share: --port PATH | --pty, --baud, the control API, stdin
// commands, and a clean stop on Ctrl-C. Exit codes: 0 done, 1 device error, 2 usage.

export interface SimCliSpec<T> {
  name: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;
  start(path: string, baud: number, values: Record<string, string | boolean | undefined>): Promise<T>;
  commands(sim: T): Commands;
  close(sim: T): Promise<void>;
}

export async function runSimCli<T>(spec: SimCliSpec<T>): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      options: {
        port: { type: 'string' },
        pty: { type: 'boolean', default: false },
        baud: { type: 'string', default: '115200' },
        'control-port': { type: 'string', default: '0' },
        help: { type: 'boolean', default: false },
        ...spec.options,
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${spec.usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(spec.usage);
    process.exit(0);
  }
  const baud = Number(values.baud);
  if ((!values.port && !values.pty) || (values.port && values.pty) || !Number.isInteger(baud) || baud <= 0) {
    console.error(`give exactly one of --port PATH or --pty, and a positive --baud\n\n${spec.usage}`);
    process.exit(2);
  }
  let pair: PtyPair | undefined;
  try {
    if (values.pty) pair = await createPtyPair({ name: spec.name });
    const path = pair ? pair.devicePath : String(values.port);
    const sim = await spec.start(path, baud, values);
    const commands = spec.commands(sim);
    const control = await startControlServer(commands, Number(values['control-port']));
    if (pair) console.log(`kiosk side: ${pair.kioskPath}`);
    console.log(`${spec.name} simulator on ${path} at ${baud} baud`);
    console.log(`control: ${control.url} (POST /<command>/<args>)`);
    console.log(`commands (stdin or control API):\n${helpText(commands)}`);
    const stopStdin = controlFromStdin(commands, (s) => console.log(s));
    const stop = async () => {
      stopStdin();
      control.server.close();
      await spec.close(sim);
      await pair?.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  } catch (err) {
    console.error(`${spec.name} simulator: ${(err as Error).message}`);
    console.error(
      'check the port path exists and is not used by another program, and that socat is installed for --pty',
    );
    await pair?.close();
    process.exit(1);
  }
}

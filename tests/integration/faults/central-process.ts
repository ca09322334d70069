import { startCentral } from '../../../central/server';

// A central service in a process of its own, for the fault suite: it can be killed with SIGKILL
// and started again on the same port and data. Options come as JSON in DOORSTEP_FAULT_CENTRAL.
// Prints "central: <url>" once it listens.

const o = JSON.parse(process.env.DOORSTEP_FAULT_CENTRAL ?? '{}') as {
  port: number;
  dataDir: string;
  databaseUrl?: string;
};
const central = await startCentral({
  port: o.port,
  dataDir: o.dataDir,
  databaseUrl: o.databaseUrl,
  seed: 'demo',
  // Fifty kiosks enroll and staff sign in from one address.
  enrollLimit: 100_000,
  loginLimit: 100_000,
});
process.stdout.write(`central: ${central.url}\n`);
process.once('SIGTERM', () => void central.close().then(() => process.exit(0)));

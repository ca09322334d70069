import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildCentralApp } from './app';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { type Clock, systemClock } from './domain/time';
import { keyedDb } from './http/idempotency';
import type { LogSink } from './http/logger';
import { httpsAllowed } from './security/https-only';
import { loadPiiKeys, piiCipher } from './security/pii';
import { DEMO_PASSWORD_PARAMS, PASSWORD_PARAMS, type ScryptParams } from './security/secrets';
import { DEMO_PASSWORD, seedDemo } from './seed/demo';
import { loadCentreUrls } from './services/admin/centre-urls';
import { ensureSlots } from './services/admin/slots';
import { CatalogCache } from './services/catalog';
import type { Ctx } from './services/context';
import { EventHub } from './services/event-hub';
import { startBackupJobs } from './services/data/backups';
import { startDataJobs } from './services/data/jobs';
import { loadBackupKey } from './backup';
import { SettingsStore } from './services/settings';
import { createEnrollmentCode } from './services/stations';
import { staffFromSession, login } from './services/staff';
import { type WakeTimers, WebhookDispatcher } from './services/webhooks';
import type { WebhookTargets } from './security/targets';
import type { VideoTimers } from './video';

// Starts the central service in this process: opens the database (SQLite file in dataDir, or
// PostgreSQL), migrates, seeds the demo district when asked, and listens. Used by cli.ts, by tests
// and by the benchmark.

export interface StartOptions {
  port?: number;
  host?: string;
  /**
   * false: open no socket; the app answers `app.inject()` only and `url` is the public URL (tests'
   * fast route layer, tests/helpers/central-inject.ts). Default true.
   */
  listen?: boolean;
  dataDir: string;
  seed?: 'demo';
  databaseUrl?: string;
  /** scrypt cost of new password hashes (default: OWASP's, the earlier cost in demo mode). */
  passwordParams?: ScryptParams;
  /** The PII key file (--pii-key-file): one key a line, the current one first (security/pii.ts). */
  piiKeyFile?: string;
  demoPassword?: string;
  clock?: Clock;
  rendererDir?: string;
  logger?: boolean | LogSink;
  /** Public base URL for ticket QR links (default: the listening URL). */
  publicUrl?: string;
  loginLimit?: number;
  enrollLimit?: number;
  webhookBackoffMs?: number;
  webhookMaxAttempts?: number;
  /** How often webhook deliveries are looked at without a new event (default 15 s). */
  webhookPollMs?: number;
  /** Allowed webhook receivers: 'public' (https, public addresses; the default outside demo mode) or 'any'. */
  webhookTargets?: WebhookTargets;
  /** When webhook retries wake up (default real timers against `clock`; tests: a manual clock's). */
  webhookTimers?: WakeTimers;
  poolSize?: number;
  /** Production mode (default: without the demo seed): operator pages and webhooks locked down. */
  production?: boolean;
  /** Bearer token for /metrics in production mode (default: DOORSTEP_METRICS_TOKEN). */
  metricsToken?: string;
  /** Behind a reverse proxy: whose X-Forwarded-* headers to trust (see http/server-options.ts). */
  trustProxy?: boolean | number | string;
  /** Listen with HTTPS: PEM certificate chain and key (read and checked by http/tls.ts loadTlsFiles). */
  tls?: { cert: string; key: string };
  /** Longest a request (headers and body) may take to arrive, ms (default 30 s). */
  requestTimeoutMs?: number;
  /** The video time-limit timers (tests fire them by hand). */
  videoTimers?: VideoTimers;
  /** Check every JSON response against its contract schema (tests; see central/http/schema.ts). */
  checkResponses?: boolean;
  /** How often the retention sweep runs (default an hour; docs/data.md). */
  retentionSweepMs?: number;
  /** Folder for scheduled backups (docs/data.md); none: scheduled backups are off. */
  backupDir?: string;
  /** The backup key (default: DOORSTEP_BACKUP_KEY when set). */
  backupKey?: Buffer;
  /** How often the backup schedule is looked at (default a minute). */
  backupCheckMs?: number;
  /** The district's update public key, PEM or a file (default: DOORSTEP_UPDATE_PUBLIC_KEY). */
  updateKey?: string;
  /** The largest kiosk package accepted by upload, in bytes (default 512 MiB). */
  maxPackageBytes?: number;
}

export interface RunningCentral {
  url: string;
  app: FastifyInstance;
  ctx: Ctx;
  db: Db;
  /** Demo/test helper: a one-time enrollment code for a station, made as the demo admin. */
  enrollmentCode(stationId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCentral(opts: StartOptions): Promise<RunningCentral> {
  const demo = opts.seed === 'demo';
  const production = opts.production ?? !demo;
  if (!httpsAllowed(production, opts.publicUrl)) {
    throw new Error(
      `the public URL ${opts.publicUrl} is plain http: in production residents' phones must reach central over https (give --public-url https://… behind a TLS proxy, or --tls-cert/--tls-key; docs/tls.md)`,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const db = opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.poolSize)
    : openSqlite(join(opts.dataDir, 'central.db'));
  let publicUrl = opts.publicUrl ?? '';
  const ctx: Ctx = {
    // The services' transactions record a keyed request's Idempotency-Key with their effect.
    db: keyedDb(db),
    clock: opts.clock ?? systemClock,
    pii: piiCipher(
      loadPiiKeys({ keyFile: opts.piiKeyFile, defaultFile: join(opts.dataDir, 'pii.key'), demo }),
    ),
    // The demo accounts' password is printed at start: hashing it at full cost would only slow demos.
    passwordParams: opts.passwordParams ?? (demo ? DEMO_PASSWORD_PARAMS : PASSWORD_PARAMS),
    hub: new EventHub(db),
    settings: new SettingsStore(db),
    catalog: new CatalogCache(db),
    publicUrl: (centreId) => (centreId && ctx.centreUrls?.get(centreId)) || publicUrl,
    centreUrls: new Map(),
    production,
  };
  try {
    await prepare(ctx, db, opts, { demo, production });
  } catch (err) {
    await db.close();
    throw err;
  }
  // https when central terminates TLS itself or the public URL (a reverse proxy's) is https.
  const https = Boolean(opts.tls) || (opts.publicUrl ?? '').startsWith('https://');
  const app = await buildCentralApp({
    ctx,
    rendererDir: opts.rendererDir,
    logger: opts.logger ?? false,
    loginLimit: opts.loginLimit,
    enrollLimit: opts.enrollLimit,
    videoTimers: opts.videoTimers,
    checkResponses: opts.checkResponses,
    requestTimeoutMs: opts.requestTimeoutMs,
    trustProxy: opts.trustProxy,
    production,
    metricsToken: opts.metricsToken ?? process.env.DOORSTEP_METRICS_TOKEN,
    updateKey: opts.updateKey ?? process.env.DOORSTEP_UPDATE_PUBLIC_KEY,
    releasesDir: join(opts.dataDir, 'releases'),
    maxPackageBytes: opts.maxPackageBytes,
    tls: opts.tls,
    hsts: https,
    // Behind https the session cookie is sent over https only, under a __Host- name.
    secureCookies: https,
  });
  const stopSweeping = await startSweeping(ctx, db);
  const dataJobs = startDataJobs(ctx, {
    everyMs: opts.retentionSweepMs,
    onError: (e) => app.log.error({ err: e }, 'retention sweep failed'),
  });
  const backupJobs = startBackupJobs(ctx, {
    dir: opts.backupDir,
    key: opts.backupKey ?? backupKeyFromEnv(join(opts.dataDir, 'pii.key')),
    target: opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : { dataDir: opts.dataDir },
    checkMs: opts.backupCheckMs,
    onError: (e) => app.log.error({ err: e }, 'scheduled backup check failed'),
  });
  const address =
    opts.listen === false
      ? (await app.ready(), opts.publicUrl ?? 'http://localhost')
      : await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const url = address.replace('://[::1]', '://localhost');
  if (!opts.publicUrl) publicUrl = url;
  return {
    url,
    app,
    ctx,
    db,
    async enrollmentCode(stationId) {
      const s = await login(ctx, 'admin', opts.demoPassword ?? DEMO_PASSWORD);
      const p = await staffFromSession(ctx, s.token);
      return (await createEnrollmentCode(ctx, p, stationId)).code;
    },
    async close() {
      stopSweeping();
      await dataJobs.stop();
      await backupJobs.stop();
      await ctx.webhooks?.close();
      await ctx.hub.close();
      await app.close();
      await ctx.hub.idle();
      await db.close();
    },
  };
}

/** Migrates, loads the caches, seeds the demo, starts the event hub and the webhook dispatcher. */
async function prepare(
  ctx: Ctx,
  db: Db,
  opts: StartOptions,
  { demo, production }: { demo: boolean; production: boolean },
): Promise<void> {
  await migrate(db);
  await ctx.catalog.load();
  await ctx.settings.load();
  if (demo) await seedDemo(ctx, opts.demoPassword ?? DEMO_PASSWORD);
  await loadCentreUrls(ctx);
  await ctx.hub.start();
  ctx.webhooks = new WebhookDispatcher(ctx, {
    backoffMs: opts.webhookBackoffMs ?? 1000,
    maxAttempts: opts.webhookMaxAttempts ?? 8,
    timeoutMs: 5000,
    pollMs: opts.webhookPollMs,
    targets: opts.webhookTargets ?? (production ? 'public' : 'any'),
    timers: opts.webhookTimers,
  });
  await ctx.webhooks.start();
}

/**
 * Housekeeping, now and hourly: idempotency records are kept 7 days, sessions until they expire;
 * appointment slots are topped up to each item's booking horizon (services/admin/slots.ts).
 */
async function startSweeping(ctx: Ctx, db: Db): Promise<() => void> {
  const sweep = async () => {
    const now = ctx.clock().getTime();
    await db.run('DELETE FROM idempotency WHERE created_at < ?', [now - 7 * 86_400_000]);
    await db.run('DELETE FROM sessions WHERE expires_at < ?', [now]);
    await ensureSlots(db, now);
  };
  await sweep();
  const sweeper = setInterval(() => void sweep().catch(() => undefined), 3600_000);
  sweeper.unref();
  return () => clearInterval(sweeper);
}

/** DOORSTEP_BACKUP_KEY when set (and not the PII key); otherwise scheduled backups say they have no key. */
function backupKeyFromEnv(piiKeyFile: string): Buffer | undefined {
  if (!process.env.DOORSTEP_BACKUP_KEY) return undefined;
  return loadBackupKey(undefined, piiKeyFile);
}

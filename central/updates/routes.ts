import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PACKAGE_ROUTE,
  PackageParams,
  RegisterReleaseRequest,
  Release,
  ReleaseList,
  Rollout,
  RolloutRequest,
  RolloutStatus,
  RolloutStatusQuery,
  UpdateFeedQuery,
  UpdateFeedResponse,
  UploadReleaseParams,
  UploadReleaseQuery,
} from '../../contract/updates';
import { electronUpdateInfo, toYaml } from './electron-feed';
import { packageFileOf, packageStream, rangeOf, storeUploadedPackage } from './packages';
import {
  type Ctx,
  assertCentre,
  requireDistrictAdmin,
  requireStaff,
  requireStation,
} from '../services/context';
import { route, type ZodTypeProvider } from '../http/schema';
import {
  type UpdateOptions,
  feedFor,
  listReleases,
  runningVersionOf,
  pauseRollout,
  registerRelease,
  rolloutStatus,
  setRollout,
} from './service';

// Kiosk updates over HTTP:
//   POST /api/v1/admin/releases            district admin: register a signed release
//   GET  /api/v1/admin/releases            supervisor, admin
//   PUT  /api/v1/admin/rollout             district admin: release, rings, window (starts it)
//   POST /api/v1/admin/rollout/{action}    supervisor, admin: pause | resume (a brake anyone on duty may pull)
//   GET  /api/v1/admin/rollout?centreId=   supervisor, admin of the centre: progress per ring
//   GET  /api/v1/kiosk/update?version=     kiosk (station token): the feed its updater reads
//   POST /api/v1/admin/releases/{version}/package?signature=   district admin: upload the .deb itself
//   GET  /api/v1/kiosk/update/package/{version}[/{name}.deb]    kiosk: download it (Range supported)
//   GET  /api/v1/kiosk/update/electron/latest-linux.yml        kiosk: the feed for electron-updater

const BINARY = { type: 'string', format: 'binary' };
const DEB = 'application/vnd.debian.binary-package';
/** A package download's answers, for both of its routes (the error body of 416 — a Range past the
 * end of the package — is filled in by the document). */
const PACKAGE_RESPONSES = {
  200: { description: 'The package', content: { [DEB]: { schema: BINARY } } },
  206: { description: 'The requested byte range of the package', content: { [DEB]: { schema: BINARY } } },
  416: { description: 'Range not satisfiable' },
} as never;

export async function updateRoutes(base: FastifyInstance, ctx: Ctx, opts: UpdateOptions): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/admin/releases',
    {
      schema: route({
        body: RegisterReleaseRequest,
        response: { 201: Release },
        tags: ['updates'],
        summary: 'Register a kiosk package release signed with the district key (district admin)',
        errors: [409, 503],
      }),
    },
    async (req, reply) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      return reply.status(201).send(await registerRelease(ctx, p, opts, req.body));
    },
  );
  // The package arrives as a stream (never buffered): this parser leaves it unread for the handler.
  app.addContentTypeParser('application/octet-stream', (_req, _payload, done) => done(null, undefined));
  app.post(
    '/api/v1/admin/releases/:version/package',
    {
      // The 2xx carries a body worth retrying for: the release as stored; a repeat is a 409.
      config: { idempotency: 'none' },
      schema: route({
        params: UploadReleaseParams,
        querystring: UploadReleaseQuery,
        body: {
          description: 'The kiosk package (.deb) itself, streamed; at most 512 MiB by default',
          content: { 'application/octet-stream': { schema: BINARY } },
        } as never,
        response: { 201: Release },
        tags: ['updates'],
        summary:
          'Upload a kiosk package signed with the district key: central computes its sha512 and serves it to kiosks (district admin)',
        errors: [409, 413, 503],
      }),
    },
    async (req, reply) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      const declared = Number(req.headers['content-length']);
      const release = await storeUploadedPackage(
        ctx,
        p,
        opts,
        {
          version: req.params.version,
          signature: req.query.signature,
          notes: req.query.notes,
          declaredBytes: Number.isFinite(declared) ? declared : undefined,
        },
        req.raw,
      );
      return reply.status(201).send(release);
    },
  );
  app.get(
    `${PACKAGE_ROUTE}/:version`,
    {
      schema: route({
        params: PackageParams,
        response: PACKAGE_RESPONSES,
        tags: ['updates'],
        summary: 'Download an uploaded kiosk package (kiosk; Range requests resume a cut download)',
      }),
    },
    async (req, reply) => sendPackage(req.principal, req.params.version, req.headers.range, reply),
  );
  app.get(
    `${PACKAGE_ROUTE}/:version/:name`,
    {
      schema: route({
        params: PackageParams.extend({
          name: z.string().regex(/^[0-9A-Za-z._+~-]{1,120}\.deb$/, 'a file name ending in .deb'),
        }),
        response: PACKAGE_RESPONSES,
        tags: ['updates'],
        summary: 'The same package under a .deb file name (electron-updater picks files by their extension)',
      }),
    },
    async (req, reply) => sendPackage(req.principal, req.params.version, req.headers.range, reply),
  );
  app.get(
    '/api/v1/kiosk/update/electron/:file',
    {
      schema: route({
        params: z.object({ file: z.enum(['latest-linux.yml', 'latest-linux-arm64.yml']) }),
        response: {
          200: {
            description: 'electron-updater UpdateInfo: this kiosk’s release, or its own version when none',
            content: { 'text/yaml': { schema: { type: 'string' } } },
          },
        } as never,
        tags: ['updates'],
        summary: 'The update feed for the Electron shell’s electron-updater (generic provider)',
      }),
    },
    async (req, reply) => {
      const s = requireStation(req.principal);
      const kiosk = { kioskId: s.kioskId, stationId: s.stationId };
      const running = (await runningVersionOf(ctx, s.kioskId)) ?? '0.0.0';
      const feed = await feedFor(ctx, kiosk, running);
      const release =
        feed.action === 'update'
          ? ((await listReleases(ctx)).find((r) => r.version === feed.version) ?? null)
          : null;
      const size = release
        ? await packageFileOf(ctx, opts, release.version).then(
            (f) => f.size,
            () => undefined,
          )
        : undefined;
      reply.header('cache-control', 'no-store').type('text/yaml; charset=utf-8');
      return toYaml(electronUpdateInfo(feed, release, running, size));
    },
  );

  async function sendPackage(
    principal: FastifyRequest['principal'],
    version: string,
    rangeHeader: string | undefined,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    requireStation(principal);
    const { file, size } = await packageFileOf(ctx, opts, version);
    const range = rangeOf(rangeHeader, size);
    reply.header('accept-ranges', 'bytes').header('cache-control', 'no-store').type(DEB);
    if (range === null) {
      return reply
        .status(416)
        .header('content-range', `bytes */${size}`)
        .type('application/json')
        .send({
          error: { code: 'BAD_REQUEST', message: `range not satisfiable: the package has ${size} bytes` },
        });
    }
    if (range === 'all') return reply.header('content-length', size).send(packageStream(file));
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(packageStream(file, range));
  }
  app.get(
    '/api/v1/admin/releases',
    { schema: route({ response: { 200: ReleaseList }, tags: ['updates'], summary: 'Registered releases' }) },
    async (req) => {
      requireStaff(req.principal, ['supervisor', 'admin']);
      return { releases: await listReleases(ctx) };
    },
  );
  app.put(
    '/api/v1/admin/rollout',
    {
      schema: route({
        body: RolloutRequest,
        response: { 200: Rollout },
        tags: ['updates'],
        summary: 'Set the rollout: release, pilot stations, percentage, maintenance window (district admin)',
      }),
    },
    async (req) => setRollout(ctx, await requireDistrictAdmin(ctx, req.principal), req.body),
  );
  app.post(
    '/api/v1/admin/rollout/:action',
    {
      schema: route({
        params: z.object({ action: z.enum(['pause', 'resume']) }),
        response: { 200: Rollout },
        tags: ['updates'],
        summary: 'Pause or resume the rollout',
      }),
    },
    async (req) =>
      pauseRollout(ctx, requireStaff(req.principal, ['supervisor', 'admin']), req.params.action === 'pause'),
  );
  app.get(
    '/api/v1/admin/rollout',
    {
      schema: route({
        querystring: RolloutStatusQuery,
        response: { 200: RolloutStatus },
        tags: ['updates'],
        summary: 'The rollout and its progress per ring over a centre’s kiosks',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      assertCentre(p, req.query.centreId);
      return rolloutStatus(ctx, req.query.centreId);
    },
  );
  app.get(
    '/api/v1/kiosk/update',
    {
      schema: route({
        querystring: UpdateFeedQuery,
        response: { 200: UpdateFeedResponse },
        tags: ['updates'],
        summary: 'The update feed: the release this kiosk should install, or none',
      }),
    },
    async (req, reply) => {
      const s = requireStation(req.principal);
      reply.header('cache-control', 'no-store');
      return feedFor(ctx, { kioskId: s.kioskId, stationId: s.stationId }, req.query.version);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AuditList,
  AuditQuery,
  Settings,
  Webhook,
  WebhookCreateRequest,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
} from '../../../contract/api/admin';
import { StaffCreateRequest, StaffMember } from '../../../contract/api/auth';
import { listAudit } from '../../services/audit';
import { createStaff } from '../../services/staff';
import { type Ctx, requireDistrictAdmin, requireStaff, writeAudit } from '../../services/context';
import { route, type ZodApp, type ZodTypeProvider } from '../schema';

// Admin: settings (ordering weights, check-in window, no-show rule …), webhooks, the audit log.

export async function adminRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  settingsAndStaffRoutes(app, ctx);
  webhookRoutes(app, ctx);
  auditRoutes(app, ctx);
}

/** District settings, and a staff account created by an admin. */
function settingsAndStaffRoutes(app: ZodApp, ctx: Ctx) {
  app.get(
    '/api/v1/admin/settings',
    { schema: route({ response: { 200: Settings }, tags: ['admin'], summary: 'District settings' }) },
    (req) => {
      requireStaff(req.principal, ['admin', 'supervisor']);
      return ctx.settings.get();
    },
  );
  app.put(
    '/api/v1/admin/settings',
    {
      schema: route({
        body: Settings,
        response: { 200: Settings },
        tags: ['admin'],
        summary: 'Change the district settings (admin)',
      }),
    },
    async (req) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      const saved = await ctx.settings.save(req.body);
      await writeAudit(
        ctx.db,
        ctx.clock().getTime(),
        p,
        'settings.update',
        { type: 'settings', id: 'settings' },
        null,
      );
      return saved;
    },
  );
  app.post(
    '/api/v1/admin/staff',
    {
      schema: route({
        body: StaffCreateRequest,
        response: { 201: StaffMember },
        tags: ['admin'],
        summary: 'Create a staff member (admin)',
      }),
    },
    async (req, reply) => reply.status(201).send(await createStaff(ctx, req.principal, req.body)),
  );
}

function webhookRoutes(app: ZodApp, ctx: Ctx) {
  app.post(
    '/api/v1/admin/webhooks',
    {
      schema: route({
        body: WebhookCreateRequest,
        response: { 201: Webhook },
        tags: ['admin'],
        summary: 'Register a webhook (admin)',
      }),
    },
    async (req, reply) => reply.status(201).send(await ctx.webhooks!.create(req.principal, req.body)),
  );
  app.get(
    '/api/v1/admin/webhooks',
    {
      schema: route({
        response: { 200: z.object({ webhooks: z.array(Webhook) }) },
        tags: ['admin'],
        summary: 'Registered webhooks',
      }),
    },
    async (req) => ({
      webhooks: await ctx.webhooks!.list(req.principal),
    }),
  );
  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryList },
        tags: ['admin'],
        summary: 'Deliveries of a webhook, newest first: pending, retrying, delivered or failed',
      }),
    },
    (req) => ctx.webhooks!.deliveries(req.principal, req.params.id, req.query),
  );
}

function auditRoutes(app: ZodApp, ctx: Ctx) {
  app.get(
    '/api/v1/admin/audit',
    {
      schema: route({
        querystring: AuditQuery,
        response: { 200: AuditList },
        tags: ['admin'],
        summary: 'Audit entries, newest first, with their detail (personal data masked)',
      }),
    },
    (req) => listAudit(ctx, req.principal, req.query),
  );
}

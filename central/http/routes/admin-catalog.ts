import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AdminItem,
  AdminSkillGroup,
  ItemCreate,
  ItemUpdate,
  SkillGroupCreate,
  SkillGroupUpdate,
} from '../../../contract/api/admin-catalog';
import {
  AdminStaff,
  AdminStaffCreate,
  AdminStaffUpdate,
  PasswordChange,
  PasswordReset,
} from '../../../contract/api/admin-staff';
import { OkResponse } from '../../../contract/api/auth';
import type { Ctx } from '../../services/context';
import {
  createItem,
  createSkillGroup,
  getItem,
  listItems,
  listSkillGroups,
  updateItem,
  updateSkillGroup,
} from '../../services/admin/catalog';
import {
  changeOwnPassword,
  createAdminStaff,
  listStaff,
  resetPassword,
  updateAdminStaff,
} from '../../services/admin/staff';
import { route } from '../schema';

// /api/v1/admin/items, /skill-groups, /staff (issue 12), and a person's own password change.

const Id = z.object({ id: z.string().min(1) });
type Id = z.infer<typeof Id>;
const tags = ['admin'];

export async function adminCatalogRoutes(app: FastifyInstance, ctx: Ctx) {
  itemRoutes(app, ctx);
  skillGroupRoutes(app, ctx);
  staffRoutes(app, ctx);
  ownPasswordRoutes(app, ctx);
}

function itemRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/items',
    {
      schema: route({
        response: { 200: z.object({ items: z.array(AdminItem) }) },
        tags,
        summary: 'The service catalogue, deactivated items included',
      }),
    },
    async (req) => ({ items: await listItems(ctx, req.principal) }),
  );
  app.post<{ Body: ItemCreate }>(
    '/api/v1/admin/items',
    {
      schema: route({
        body: ItemCreate,
        response: { 201: AdminItem },
        tags,
        summary: 'Create a service item (district admin); pinyin initials are computed',
      }),
    },
    async (req, reply) => reply.status(201).send(await createItem(ctx, req.principal, req.body)),
  );
  app.get<{ Params: Id }>(
    '/api/v1/admin/items/:id',
    { schema: route({ params: Id, response: { 200: AdminItem }, tags, summary: 'One service item' }) },
    (req) => getItem(ctx, req.principal, req.params.id),
  );
  app.put<{ Params: Id; Body: ItemUpdate }>(
    '/api/v1/admin/items/:id',
    {
      schema: route({
        params: Id,
        body: ItemUpdate,
        response: { 200: AdminItem },
        tags,
        summary:
          'Change a service item (district admin; active false deactivates it); 409 on a stale version, 400 for a prefix used today',
      }),
    },
    (req) => updateItem(ctx, req.principal, req.params.id, req.body),
  );
}

function skillGroupRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/skill-groups',
    {
      schema: route({
        response: { 200: z.object({ skillGroups: z.array(AdminSkillGroup) }) },
        tags,
        summary: 'Skill groups',
      }),
    },
    async (req) => ({ skillGroups: await listSkillGroups(ctx, req.principal) }),
  );
  app.post<{ Body: SkillGroupCreate }>(
    '/api/v1/admin/skill-groups',
    {
      schema: route({
        body: SkillGroupCreate,
        response: { 201: AdminSkillGroup },
        tags,
        summary: 'Create a skill group (district admin)',
      }),
    },
    async (req, reply) => reply.status(201).send(await createSkillGroup(ctx, req.principal, req.body)),
  );
  app.put<{ Params: Id; Body: SkillGroupUpdate }>(
    '/api/v1/admin/skill-groups/:id',
    {
      schema: route({
        params: Id,
        body: SkillGroupUpdate,
        response: { 200: AdminSkillGroup },
        tags,
        summary: 'Rename or deactivate a skill group (district admin); 409 on a stale version',
      }),
    },
    (req) => updateSkillGroup(ctx, req.principal, req.params.id, req.body),
  );
}

/** Staff accounts. */
function staffRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/staff',
    {
      schema: route({
        response: { 200: z.object({ staff: z.array(AdminStaff) }) },
        tags,
        summary: 'Staff accounts of the admin’s centres (never a password hash)',
      }),
    },
    async (req) => ({ staff: await listStaff(ctx, req.principal) }),
  );
  app.post<{ Body: AdminStaffCreate }>(
    '/api/v1/admin/staff/accounts',
    {
      schema: route({
        body: AdminStaffCreate,
        response: { 201: AdminStaff },
        tags,
        summary: 'Create a staff account with roles, centres and skill groups',
      }),
    },
    async (req, reply) => reply.status(201).send(await createAdminStaff(ctx, req.principal, req.body)),
  );
  app.put<{ Params: Id; Body: AdminStaffUpdate }>(
    '/api/v1/admin/staff/:id',
    {
      schema: route({
        params: Id,
        body: AdminStaffUpdate,
        response: { 200: AdminStaff },
        tags,
        summary: 'Change roles, centres, skill groups, or disable an account; 409 on a stale version',
      }),
    },
    (req) => updateAdminStaff(ctx, req.principal, req.params.id, req.body),
  );
  app.post<{ Params: Id }>(
    '/api/v1/admin/staff/:id/reset-password',
    {
      schema: route({
        params: Id,
        response: { 200: PasswordReset },
        tags,
        summary: 'A one-time password (shown once); the person must set a new one at the next sign-in',
      }),
    },
    (req) => resetPassword(ctx, req.principal, req.params.id),
  );
}

/** A person's own password change (any signed-in staff member). */
function ownPasswordRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: PasswordChange }>(
    '/api/v1/auth/password',
    {
      schema: route({
        body: PasswordChange,
        response: { 200: OkResponse },
        tags: ['auth'],
        summary: 'Set a new password for the signed-in account (required after a reset)',
      }),
    },
    async (req) => {
      await changeOwnPassword(ctx, req.principal, req.body);
      return { ok: true as const };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { DoorstepError } from '../../contract/errors';

// Input no handler should ever see. A NUL character in a path parameter, query or body string is
// refused with 400 before validation: PostgreSQL's text type cannot hold it (the driver fails with a
// 500 deep in a query) and no Doorstep field has a use for it.

const MAX_VISITS = 200_000;

/** The path of the first string holding a NUL byte, or null; bounded, no recursion. */
export function nulPathOf(value: unknown, root: string): string | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  let visits = 0;
  while (stack.length && visits++ < MAX_VISITS) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, `${at}[${i}]`]));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return at;
        stack.push([x, `${at}.${k}`]);
      }
    }
  }
  return null;
}

export function refuseHostileInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, v] of [
      ['(path)', req.params],
      ['(query)', req.query],
      ['(body)', req.body],
    ] as const) {
      const at = nulPathOf(v, part);
      if (at) {
        throw new DoorstepError('VALIDATION_FAILED', 'NUL characters are not allowed', [
          { path: at, message: 'contains a NUL character' },
        ]);
      }
    }
  });
}

import type { FastifyServerOptions } from 'fastify';
import { REDACT_PATHS, maskPiiText } from '../security/mask';

// The logger: personal fields redacted, ID-number-like text masked in every message, and request
// URLs logged without their query string (it may carry a WebSocket token).

export interface LogSink {
  stream: { write(line: string): void };
  level?: string;
}

export function loggerOptions(logger: boolean | LogSink | undefined): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return {
    level: logger === true ? 'info' : (logger.level ?? 'info'),
    ...(logger === true ? {} : { stream: logger.stream }),
    redact: { paths: REDACT_PATHS, censor: '[masked]' },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPiiText(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, masked);
      },
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: maskPiiText(req.url.split('?')[0] ?? ''),
        ip: req.ip,
      }),
    },
  };
}

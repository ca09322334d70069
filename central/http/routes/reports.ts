import type { FastifyInstance } from 'fastify';
import {
  ReportName,
  ReportQuery,
  type ReportQueryInput,
  ReportTable,
  SummaryReport,
} from '../../../contract/api/reports';
import { t } from '../../../contract/i18n';
import type { Ctx } from '../../services/context';
import { auditExport, runReport } from '../../services/reports';
import { fileName, toCsv, toXlsx } from '../../services/reports/export';
import { route } from '../schema';

// GET /api/v1/reports/<report>?centreId=&from=&to=[&filters][&format=csv|xlsx]: one path per report,
// so each is its own operation in the OpenAPI document. docs/reports.md defines the figures.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function reportRoutes(app: FastifyInstance, ctx: Ctx) {
  for (const name of ReportName.options) {
    app.get<{ Querystring: ReportQueryInput }>(
      `/api/v1/reports/${name}`,
      {
        schema: route({
          querystring: ReportQuery,
          response: { 200: name === 'summary' ? SummaryReport : ReportTable },
          tags: ['reports'],
          summary: `${t(`rep.name.${name}`, 'en')} (${t(`rep.name.${name}`, 'zh')}): days in Asia/Shanghai, \`to\` inclusive; format=csv (UTF-8 BOM) or xlsx exports the table`,
        }),
      },
      async (req, reply) => {
        const q = req.query as ReportQuery;
        const table = await runReport(ctx, req.principal, name, q);
        if (q.format === 'json') return table;
        await auditExport(ctx, req.principal, table, q.format, q);
        const body = q.format === 'csv' ? toCsv(table) : await toXlsx(table);
        return reply
          .header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
          .header('content-disposition', `attachment; filename="${fileName(table, q.format)}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }
}

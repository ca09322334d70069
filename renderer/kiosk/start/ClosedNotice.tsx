import type { OpenToday } from '../../../contract/api/admin-calendar';
import { Bi } from '../../shared/i18n';
import { Name } from '../common/Texts';

/** The centre is closed today (issue 12): 今日休息 / closed today, why, and when it opens again. */
export function ClosedNotice({ today }: { today: OpenToday }) {
  const next = today.next;
  return (
    <div className="notice info closed-today" role="status" data-testid="closed-today">
      <Bi k="kiosk.closed.title" as="h2" />
      {today.reason && (
        <p data-testid="closed-reason">
          <Name value={today.reason} />
        </p>
      )}
      <Bi k="kiosk.closed.body" as="p" />
      {next ? (
        <Bi
          k="kiosk.closed.next"
          as="p"
          params={{
            month: Number(next.day.slice(5, 7)),
            day: Number(next.day.slice(8, 10)),
            date: next.day,
            from: next.from,
          }}
        />
      ) : (
        <Bi k="kiosk.closed.noNext" as="p" />
      )}
    </div>
  );
}

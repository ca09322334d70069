import { useCallback, useEffect, useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import type { KioskResponse } from '../../../contract/kiosk';
import { Bi } from '../../shared/i18n';
import { CodeText } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useSession } from '../session/KioskSession';

type Info = KioskResponse<'tech.info'>;
/** An action's outcome: a message, or the code of what failed. */
type Result = { key: MessageKey; params?: Record<string, string | number> } | { code: string };

/** Device status, test print and card read, port detection, central link, version, disk, logs, restart. */
export function TechPanel() {
  const api = useDoorstep();
  const { state } = useSession();
  const [info, setInfo] = useState<Info | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  const reload = useCallback(() => {
    api.call('tech.info', {}).then(setInfo, (err: unknown) => setResult({ code: codeOf(err) }));
  }, [api]);
  useEffect(reload, [reload]);

  const run = (p: Promise<Result>) =>
    p.then(setResult, (err: unknown) => setResult({ code: codeOf(err) })).finally(reload);

  return (
    <Frame title={<Bi k="kiosk.tech.title" as="h2" />}>
      <div className="tech-panel" data-testid="tech-panel">
        {info && (
          <dl className="tech-facts">
            <dt>
              <Bi k="kiosk.tech.reader" />
            </dt>
            <dd data-testid="tech-reader">
              {info.devices.reader.state} · {info.devices.reader.port ?? '—'}
            </dd>
            <dt>
              <Bi k="kiosk.tech.printer" />
            </dt>
            <dd data-testid="tech-printer">
              {info.devices.printer.state} · {info.devices.printer.port ?? '—'}
            </dd>
            <dt>
              <Bi k="kiosk.tech.link" />
            </dt>
            <dd data-testid="tech-link">
              <Bi k={info.link.online ? 'kiosk.tech.online' : 'kiosk.tech.offline'} /> {info.centralUrl}{' '}
              {info.link.clockSkewMs !== null && (
                <Bi k="kiosk.tech.skew" params={{ ms: info.link.clockSkewMs }} />
              )}{' '}
              <Bi k="kiosk.tech.outbox" params={{ n: info.link.outboxDepth }} />
            </dd>
            <dt>
              <Bi k="kiosk.tech.version" />
            </dt>
            <dd data-testid="tech-version">
              {info.version} · {info.stationId ?? '—'}
              {info.diskFreeBytes !== null && (
                <>
                  {' '}
                  <Bi k="kiosk.tech.disk" params={{ mb: Math.round(info.diskFreeBytes / 2 ** 20) }} />
                </>
              )}
            </dd>
          </dl>
        )}
        {state.identity && (
          <p className="notice ok" data-testid="tech-card">
            <Bi k="kiosk.tech.cardRead" params={{ id: state.identity.idMasked }} />
          </p>
        )}
        {result && (
          <p className="notice info" role="status" data-testid="tech-result">
            {'code' in result ? (
              <CodeText code={result.code} />
            ) : (
              <Bi k={result.key} params={result.params} />
            )}
          </p>
        )}
        <div className="actions tech-actions">
          <BigButton
            testId="tech-test-print"
            onClick={() =>
              run(
                api
                  .call('tech.testPrint', {})
                  .then((o): Result =>
                    o.printed ? { key: 'kiosk.tech.printed' } : { code: o.reason ?? 'DEVICE_PRINTER_ERROR' },
                  ),
              )
            }
          >
            <Bi k="kiosk.tech.testPrint" />
          </BigButton>
          <BigButton kind="secondary" onClick={() => setResult(null)}>
            <Bi k="kiosk.tech.testCard" />
          </BigButton>
          <BigButton
            testId="tech-detect"
            onClick={() =>
              run(
                api.call('tech.detect', {}).then((d): Result => ({
                  key: 'kiosk.tech.detected',
                  params: { reader: d.reader ?? '—', printer: d.printer ?? '—' },
                })),
              )
            }
          >
            <Bi k="kiosk.tech.detect" />
          </BigButton>
          <BigButton
            onClick={() =>
              run(
                api
                  .call('tech.exportLogs', {})
                  .then((r): Result => ({ key: 'kiosk.tech.exported', params: { path: r.path } })),
              )
            }
          >
            <Bi k="kiosk.tech.exportLogs" />
          </BigButton>
          <BigButton
            kind="secondary"
            onClick={() =>
              run(api.call('tech.restart', {}).then((): Result => ({ key: 'kiosk.tech.restarting' })))
            }
          >
            <Bi k="kiosk.tech.restart" />
          </BigButton>
        </div>
      </div>
    </Frame>
  );
}

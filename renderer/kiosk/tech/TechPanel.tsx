import { useCallback, useEffect, useState } from 'react';
import type { KioskResponse, TechCardRead } from '../../../contract/kiosk';
import { Bi } from '../../shared/i18n';
import { CodeText } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { MediaTests } from './MediaTests';
import { PortSettings, type Note } from './PortSettings';

type Info = KioskResponse<'tech.info'>;
/** An action's outcome: a message, or the code of what failed. */
type Result = Note;
/** How long the test card read waits for a card. */
const CARD_WAIT_SEC = 20;

/**
 * Device status (live), test print, test card read, port settings with auto-detect, central link,
 * version, disk, logs, restart.
 */
export function TechPanel() {
  const api = useDoorstep();
  const live = useLive();
  const [info, setInfo] = useState<Info | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [cardWait, setCardWait] = useState(false);
  const [card, setCard] = useState<TechCardRead | null>(null);

  const reload = useCallback(() => {
    api.call('tech.info', {}).then(setInfo, (err: unknown) => setResult({ code: codeOf(err) }));
  }, [api]);
  useEffect(reload, [reload]);

  const run = (p: Promise<Result>) =>
    p.then(setResult, (err: unknown) => setResult({ code: codeOf(err) })).finally(reload);
  const portsDone = useCallback(
    (note: Note) => {
      setResult(note);
      reload();
    },
    [reload],
  );

  const testCard = () => {
    setCard(null);
    setResult(null);
    setCardWait(true);
    api
      .call('tech.testCard', { timeoutSec: CARD_WAIT_SEC })
      .then(
        (r) => {
          setCard(r.card);
          if (!r.card) setResult({ key: 'kiosk.tech.card.none', params: { sec: CARD_WAIT_SEC } });
        },
        (err: unknown) => setResult({ code: codeOf(err) }),
      )
      .finally(() => setCardWait(false));
  };

  // Live status (host `devices` events) once known, so a port change shows as the device reconnects.
  const devices = live.devices ?? info?.devices;
  const scanner = devices?.scanner;
  return (
    <Frame title={<Bi k="kiosk.tech.title" as="h2" />}>
      <div className="tech-panel" data-testid="tech-panel">
        {info && devices && (
          <dl className="tech-facts">
            <dt>
              <Bi k="kiosk.tech.reader" />
            </dt>
            <dd data-testid="tech-reader">
              {devices.reader.state} · {devices.reader.port ?? '—'}
            </dd>
            <dt>
              <Bi k="kiosk.tech.printer" />
            </dt>
            <dd data-testid="tech-printer">
              {devices.printer.state} · {devices.printer.port ?? '—'}
            </dd>
            <dt>
              <Bi k="kiosk.tech.scanner" />
            </dt>
            <dd data-testid="tech-scanner">{scanner ? `${scanner.state} · ${scanner.port ?? '—'}` : '—'}</dd>
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
        {cardWait && (
          <p className="notice info" role="status" data-testid="tech-card-waiting">
            <Bi k="kiosk.tech.card.waiting" params={{ sec: CARD_WAIT_SEC }} />
          </p>
        )}
        {card && (
          <div className="notice ok" role="status" data-testid="tech-card">
            <Bi k="kiosk.tech.card.read" as="p" />
            <dl className="tech-facts">
              <dt>
                <Bi k="kiosk.tech.card.type" />
              </dt>
              <dd data-testid="tech-card-type">
                <Bi k={`kiosk.tech.cardType.${card.cardType}`} />
              </dd>
              <dt>
                <Bi k="kiosk.tech.card.name" />
              </dt>
              <dd data-testid="tech-card-name">{card.nameMasked}</dd>
              <dt>
                <Bi k="kiosk.tech.card.id" />
              </dt>
              <dd data-testid="tech-card-id">{card.idMasked}</dd>
            </dl>
            <Bi k={card.expired ? 'kiosk.tech.card.expired' : 'kiosk.tech.card.valid'} as="p" />
          </div>
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
          <BigButton testId="tech-test-card" onClick={testCard} disabled={cardWait}>
            <Bi k="kiosk.tech.testCard" />
          </BigButton>
          <BigButton
            onClick={() =>
              run(
                api.call('tech.exportLogs', {}).then((r): Result => ({
                  key: r.usb ? 'kiosk.tech.exportedUsb' : 'kiosk.tech.exported',
                  params: { path: r.path },
                })),
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
        <MediaTests />
        <PortSettings onDone={portsDone} />
      </div>
    </Frame>
  );
}

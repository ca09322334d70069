import type { HeartbeatRequest } from '../../../contract/fleet';
import type { KioskDeviceStatus } from '../../../contract/kiosk';
import type { ServerMessage } from '../../../contract/events';
import type { EventReader, KioskClient, TestCentral } from '../central/harness';

// Heartbeats as a kiosk sends them, and a reader for kiosk.status events (a fleet event outside the
// core ServerMessage union, so it is matched by its type string).

export const OK_DEVICES: KioskDeviceStatus = {
  reader: { state: 'ok', port: '/dev/ttyUSB0' },
  printer: { state: 'ok', port: '/dev/ttyUSB1' },
  canPrint: true,
};

export function heartbeat(c: TestCentral, change: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return {
    appVersion: '1.4.2',
    uptimeSec: 3600,
    sentAt: new Date(c.clock.ms).toISOString(),
    devices: OK_DEVICES,
    link: { outboxDepth: 0, clockSkewMs: 0 },
    diskFreeBytes: 20 * 1024 ** 3,
    ...change,
  };
}

export const paperOut: KioskDeviceStatus = {
  ...OK_DEVICES,
  printer: { state: 'paper_out', port: '/dev/ttyUSB1', detail: 'DLE EOT 4: paper end' },
  canPrint: false,
};

export function beat(kiosk: KioskClient, c: TestCentral, change: Partial<HeartbeatRequest> = {}) {
  return kiosk.post('/api/v1/stations/me/heartbeat', heartbeat(c, change));
}

export interface StatusEvent {
  id: number;
  type: 'kiosk.status';
  centreId: string;
  data: {
    kiosk: { kioskId: string; status: string; problems: Array<{ code: string; severity: string }> };
    previous: string | null;
  };
}

/** Waits for the kiosk.status event of one kiosk with the given status (after message index `from`). */
export async function waitStatus(
  events: EventReader,
  kioskId: string,
  status: string,
  from = 0,
): Promise<StatusEvent> {
  const match = (m: ServerMessage): m is ServerMessage => {
    const e = m as unknown as StatusEvent;
    return e.type === 'kiosk.status' && e.data.kiosk.kioskId === kioskId && e.data.kiosk.status === status;
  };
  return (await events.waitFor(match, from)) as unknown as StatusEvent;
}

/** Index of a message in the reader, to wait for what comes after it. */
export const after = (events: EventReader, e: StatusEvent) => (events.messages as unknown[]).indexOf(e) + 1;

export const statusEvents = (messages: readonly ServerMessage[], kioskId: string) =>
  (messages as unknown as StatusEvent[]).filter(
    (m) => m.type === 'kiosk.status' && m.data.kiosk.kioskId === kioskId,
  );

import type { ProvisionFile } from '../../../contract/provisioning';
import { hashPin } from '../config';
import type { DriverFactory } from '../devices/drivers';
import { createKioskHost } from '../host';
import { CentralRequestError } from '../link/http';

// One enrollment attempt with what the technician handed the kiosk, through the host itself (the same
// path as `--provision`), with no devices opened: the first-boot page owns the scanner meanwhile.

export type EnrollOutcome =
  { ok: true } | { ok: false; code: 'UNAVAILABLE' | 'ENROLL_REFUSED' | 'OTHER'; detail: string };

export type Enroll = (p: ProvisionFile) => Promise<EnrollOutcome>;

/** No reader, printer or scanner: enrollment needs none, and probing ports would fight the scanner. */
const NO_DEVICES: DriverFactory = {
  reader() {
    throw new Error('no devices while provisioning');
  },
  printer() {
    throw new Error('no devices while provisioning');
  },
  detect: async () => ({ reader: null, printer: null }),
};

export function enrollWithHost(dataDir: string, version?: string): Enroll {
  return async (p) => {
    let host;
    try {
      host = await createKioskHost({
        dataDir,
        config: { centralUrl: p.central, ...(p.techPin ? { techPinHash: hashPin(p.techPin) } : {}) },
        enrollCode: p.enrollCode,
        drivers: NO_DEVICES,
        ...(version ? { version } : {}),
      });
    } catch (err) {
      if (err instanceof CentralRequestError)
        return err.unreachable
          ? { ok: false, code: 'UNAVAILABLE', detail: err.message }
          : { ok: false, code: 'ENROLL_REFUSED', detail: `${err.code}: ${err.message}` };
      return { ok: false, code: 'OTHER', detail: (err as Error).message };
    }
    try {
      const link = await host.call('link.status', {});
      // createKioskHost postpones an enrollment central did not answer; here that is a failure to show.
      return link.enrolled
        ? { ok: true }
        : { ok: false, code: 'UNAVAILABLE', detail: `${p.central} did not answer` };
    } finally {
      await host.close();
    }
  };
}

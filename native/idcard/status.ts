import type { DeviceErrorCode } from '../../contract/device';
import { DeviceError } from '../errors';

// SW3 result codes of the SAM module (hardware.md 1.5; cdGH/Ids DefaultLanguage.cs SAMStatus*,
// SAMSerial.cs GetErrorDescription). Every code maps to one typed error.

export const SW3 = {
  OK: 0x90, // success
  FOUND: 0x9f, // GA 467: SW3 0x9F = find card success
  NO_CONTENT: 0x91,
  HOST_CHECKSUM: 0x10,
  HOST_LENGTH: 0x11,
  HOST_COMMAND: 0x21,
  UNAUTHORISED_OP: 0x23,
  UNRECOGNISED_ERROR: 0x24,
  AUTH_CARD_TO_SAM: 0x31,
  AUTH_SAM_TO_CARD: 0x32,
  INFO_VERIFY: 0x33,
  UNKNOWN_CARD: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SAM_SELF_TEST: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  NO_CARD: 0x80,
  SELECT_FAILED: 0x81,
} as const;

interface Sw3Info {
  code: DeviceErrorCode;
  meaning: string;
}

export const SW3_TABLE: Readonly<Record<number, Sw3Info>> = {
  0x91: { code: 'IDCARD_NO_CONTENT', meaning: 'card has no content for this item' },
  0x10: { code: 'IDCARD_HOST_FRAME', meaning: 'checksum error in host frame' },
  0x11: { code: 'IDCARD_HOST_FRAME', meaning: 'length error in host frame' },
  0x21: { code: 'IDCARD_HOST_FRAME', meaning: 'command error' },
  0x23: { code: 'IDCARD_HOST_FRAME', meaning: 'unauthorised operation' },
  0x24: { code: 'IDCARD_HOST_FRAME', meaning: 'unrecognised error' },
  0x31: { code: 'IDCARD_AUTH_FAILED', meaning: 'card to SAM authentication failed' },
  0x32: { code: 'IDCARD_AUTH_FAILED', meaning: 'SAM to card authentication failed' },
  0x33: { code: 'IDCARD_AUTH_FAILED', meaning: 'information verification error' },
  0x40: { code: 'IDCARD_UNKNOWN_CARD', meaning: 'unrecognised card type' },
  0x41: { code: 'IDCARD_READ_FAILED', meaning: 'read card failed' },
  0x47: { code: 'IDCARD_AUTH_FAILED', meaning: 'get random number failed' },
  0x60: { code: 'IDCARD_SAM_FAULT', meaning: 'SAM self-test failed' },
  0x66: { code: 'IDCARD_SAM_FAULT', meaning: 'SAM not authorised' },
  0x80: { code: 'IDCARD_NO_CARD', meaning: 'find card failed (no card)' },
  0x81: { code: 'IDCARD_SELECT_FAILED', meaning: 'select card failed' },
};

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;

export function errorOfSw3(sw3: number, command: string): DeviceError {
  const info = SW3_TABLE[sw3];
  if (!info) return new DeviceError('DEVICE_BAD_REPLY', `${command}: unknown SW3 ${hex(sw3)}`, sw3);
  return new DeviceError(info.code, `${command}: SW3 ${hex(sw3)} ${info.meaning}`, sw3);
}

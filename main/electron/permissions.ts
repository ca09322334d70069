import type { Session } from 'electron';
import { originOf } from './navigation';

// Permissions as an allowlist with a reason on each entry (Signal's app/permissions.std.ts); anything
// not listed is denied. Camera and microphone only for the app's own origin, only in the main frame
// (electron.md §1 "Permissions"). Serial/HID/USB are denied: devices go through Node serialport.

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type Permission = Parameters<RequestHandler>[1];

export const PERMISSION_ALLOWLIST: Partial<Record<Permission, string>> = {
  media: 'camera and microphone for the video call with the agent and for document photos',
  fullscreen: 'the kiosk window is full screen',
  'screen-wake-lock': 'keep the touchscreen on while a resident is served',
};

/** Whether a permission is granted to a frame at `url` (the decision both handlers share). */
export function isPermissionAllowed(
  permission: Permission,
  appOrigin: string,
  url: string | undefined,
  isMainFrame: boolean,
  mediaTypes: ReadonlyArray<string> = [],
): boolean {
  if (!(permission in PERMISSION_ALLOWLIST)) return false;
  if (originOf(url) !== appOrigin || !isMainFrame) return false;
  if (permission === 'media') return mediaTypes.every((t) => t === 'video' || t === 'audio');
  return true;
}

export function createPermissionRequestHandler(appOrigin: string): RequestHandler {
  return (_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const url =
      'securityOrigin' in details && details.securityOrigin ? details.securityOrigin : details.requestingUrl;
    callback(isPermissionAllowed(permission, appOrigin, url, details.isMainFrame, mediaTypes));
  };
}

export function createPermissionCheckHandler(appOrigin: string): CheckHandler {
  return (_webContents, permission, requestingOrigin, details) => {
    if (details.embeddingOrigin && details.embeddingOrigin !== appOrigin) return false;
    const mediaTypes = details.mediaType ? [details.mediaType] : [];
    return isPermissionAllowed(permission, appOrigin, requestingOrigin, details.isMainFrame, mediaTypes);
  };
}

/** Installs both handlers on a session; device pickers (serial, HID, USB) are refused. */
export function installPermissionHandlers(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler(null); // forget earlier grants (Signal does the same)
  session.setPermissionRequestHandler(createPermissionRequestHandler(appOrigin));
  session.setPermissionCheckHandler(createPermissionCheckHandler(appOrigin));
  session.setDevicePermissionHandler(() => false);
}

// The Content-Security-Policy of the kiosk UI (checklist item 7), served from the doorstep:// scheme
// whose origin is 'self'. No inline script, no eval; media
// from the cameras; connections only to our own origin and the central service (API, WebSocket,
// and the TURN/STUN servers it names are reached by WebRTC, not by CSP).

export function kioskCsp(centralOrigin: string): string {
  const ws = centralOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `media-src 'self' blob: mediastream:`,
    `connect-src 'self' ${centralOrigin} ${ws}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

import { describe, expect, it } from 'vitest';
import { kioskPolicies } from '../../../main/host/browser-shell/policies';

// The managed policies that lock Chromium to the kiosk page (main/host/browser-shell/policies.ts).

describe('Chromium managed policies for the browser shell', () => {
  const p = kioskPolicies('http://127.0.0.1:8081/kiosk/');

  it('allow only the kiosk origin and block everything else', () => {
    expect(p.URLBlocklist).toEqual(['*']);
    expect(p.URLAllowlist).toContain('http://127.0.0.1:8081');
    expect(
      (p.URLAllowlist as string[]).every((u) => u === 'about:blank' || u === 'http://127.0.0.1:8081'),
    ).toBe(true);
  });

  it('turn off DevTools, downloads, printing and file dialogs', () => {
    expect(p).toMatchObject({
      DeveloperToolsAvailability: 2,
      DownloadRestrictions: 3,
      PrintingEnabled: false,
      AllowFileSelectionDialogs: false,
      IncognitoModeAvailability: 1,
    });
  });

  it('give the camera and microphone to the kiosk origin only, without prompts', () => {
    expect(p).toMatchObject({
      VideoCaptureAllowed: false,
      AudioCaptureAllowed: false,
      VideoCaptureAllowedUrls: ['http://127.0.0.1:8081'],
      AudioCaptureAllowedUrls: ['http://127.0.0.1:8081'],
    });
  });
});

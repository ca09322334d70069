// Chromium managed policies for the browser shell (Debian reads them from
// /etc/chromium/policies/managed/*.json, root-owned, so the kiosk user cannot change them). They
// lock the window the resident touches to the kiosk page: no DevTools, no other site, no downloads,
// printing or file dialogs, camera and microphone for the kiosk origin only. Names and values from
// Chromium's policy list (chromeenterprise.google/policies); docs/kiosk-host.md "Browser lockdown".

/** Policy values; every key is a documented Chromium policy name. */
export type ChromiumPolicies = Record<string, boolean | number | string | string[]>;

export function kioskPolicies(kioskOrigin: string): ChromiumPolicies {
  const origin = new URL(kioskOrigin).origin;
  return {
    DeveloperToolsAvailability: 2, // 2 = not allowed anywhere
    URLBlocklist: ['*'],
    URLAllowlist: [origin, 'about:blank'],
    DownloadRestrictions: 3, // 3 = block all downloads
    PrintingEnabled: false, // tickets go to the thermal printer through the host, never the browser
    AllowFileSelectionDialogs: false,
    VideoCaptureAllowed: false, // no prompts: only the allowlisted origin gets the camera
    VideoCaptureAllowedUrls: [origin],
    AudioCaptureAllowed: false,
    AudioCaptureAllowedUrls: [origin],
    ScreenCaptureAllowed: false,
    AutoplayAllowed: true, // the kiosk speaks and rings without a tap
    DefaultGeolocationSetting: 2,
    DefaultNotificationsSetting: 2,
    DefaultPopupsSetting: 2,
    PasswordManagerEnabled: false,
    AutofillAddressEnabled: false,
    AutofillCreditCardEnabled: false,
    TranslateEnabled: false,
    SpellcheckEnabled: false,
    BrowserSignin: 0,
    SyncDisabled: true,
    BrowserAddPersonEnabled: false,
    BrowserGuestModeEnabled: false,
    IncognitoModeAvailability: 1, // 1 = disabled
    EditBookmarksEnabled: false,
    BookmarkBarEnabled: false,
    TaskManagerEndProcessEnabled: false,
    MetricsReportingEnabled: false,
    SafeBrowsingProtectionLevel: 0, // no network lookups from a closed kiosk network
    BackgroundModeEnabled: false,
    HardwareAccelerationModeEnabled: true,
  };
}

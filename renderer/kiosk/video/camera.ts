// Which camera photographs documents: the one the kiosk's configuration names (kiosk.json
// `documentCamera.label`: the exact label, else a case-insensitive part of it), else one whose label
// says it is a document camera, else none (the caller then uses the main camera).

export const DOC_CAMERA = /document|doc cam|高拍|visualizer/i;

export interface Camera {
  deviceId: string;
  label: string;
}

/** The device id of the document camera among `cams`, or null for the main camera. */
export function chooseDocumentCamera(cams: readonly Camera[], configured: string | null): string | null {
  const want = configured?.trim().toLowerCase();
  if (want) {
    const named =
      cams.find((c) => c.label.trim().toLowerCase() === want) ??
      cams.find((c) => c.label.toLowerCase().includes(want));
    if (named) return named.deviceId;
  }
  return cams.find((c) => DOC_CAMERA.test(c.label))?.deviceId ?? null;
}

import { describe, expect, it } from 'vitest';
import { HostConfig } from '../../../main/host/config';
import { chooseDocumentCamera } from '../../../renderer/kiosk/video/camera';

// Which camera takes document photos: the one kiosk.json names, else one whose label says it is a
// document camera, else the main camera (null).

const cams = [
  { deviceId: 'main', label: 'Integrated Camera (04f2:b6d9)' },
  { deviceId: 'gpy', label: '高拍仪 S500 (1234:5678)' },
  { deviceId: 'usb', label: 'USB Camera HD (0c45:6366)' },
];

describe('document camera choice', () => {
  it('takes the configured camera first, by its exact label or a part of it, in any case', () => {
    expect(chooseDocumentCamera(cams, 'USB Camera HD (0c45:6366)')).toBe('usb');
    expect(chooseDocumentCamera(cams, 'usb camera')).toBe('usb');
  });

  it('falls back to a camera whose label says document camera, then to the main camera', () => {
    expect(chooseDocumentCamera(cams, 'Visualizer X9')).toBe('gpy'); // configured one not plugged in
    expect(chooseDocumentCamera(cams, null)).toBe('gpy');
    expect(chooseDocumentCamera([cams[0]!, cams[2]!], null)).toBeNull();
    expect(chooseDocumentCamera([], 'usb')).toBeNull();
  });

  it('is a kiosk.json setting, optional', () => {
    expect(HostConfig.parse({}).documentCamera).toEqual({});
    expect(HostConfig.parse({ documentCamera: { label: ' 高拍仪 ' } }).documentCamera).toEqual({
      label: '高拍仪',
    });
    expect(HostConfig.safeParse({ documentCamera: { label: '' } }).success).toBe(false);
  });
});

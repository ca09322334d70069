import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_CODE_ALPHABET,
  groupAppointmentCode,
  normaliseAppointmentCode,
} from '../../../contract/appointment-code';

describe('appointment codes', () => {
  it('use no characters a resident can mistake for another (0/O, 1/I/L)', () => {
    expect(APPOINTMENT_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('read a typed or scanned code the same however its look-alikes, case and separators are typed', () => {
    expect(normaliseAppointmentCode('k7q2-m9ab')).toBe('K7Q2M9AB');
    expect(normaliseAppointmentCode('K7Q2 M9AB')).toBe('K7Q2M9AB');
    // An older code with 0 and 1 is found whether O/0 or I/L/1 was typed.
    expect(normaliseAppointmentCode('AO1I')).toBe(normaliseAppointmentCode('A01L'));
  });

  it('are shown in two groups of four', () => {
    expect(groupAppointmentCode('K7Q2M9AB')).toBe('K7Q2 M9AB');
  });
});

import type { Channel } from '../../../contract/catalog';
import type { IssueTicketResult, KioskIdentity } from '../../../contract/kiosk';

// The kiosk's screens as a small state machine: which screen shows, who is identified, and what the
// resident asked for before identifying (the intent). Pure, so the flow is unit-tested without a DOM.

export type Intent =
  { kind: 'take'; channel: Channel; itemId?: string } | { kind: 'appointments' } | { kind: 'booking' };

export type Screen =
  | { name: 'start' }
  | { name: 'identify'; intent: Intent }
  | { name: 'guide' }
  | { name: 'take-number'; channel: Channel; itemId?: string }
  | { name: 'ticket-result'; result: IssueTicketResult }
  | { name: 'appointments' }
  | { name: 'booking' }
  /** `fields`: the paths of the entries the host or central refused, kept with the code. */
  | { name: 'error'; code: string; fields?: string[] }
  | { name: 'technician' };

export interface KioskState {
  screen: Screen;
  /** Only what the screens show (masked number, name); wiped when the session ends. */
  identity: KioskIdentity | null;
}

export type KioskAction =
  | { type: 'want'; intent: Intent }
  | { type: 'identified'; identity: KioskIdentity }
  | { type: 'show'; screen: Screen }
  | { type: 'issued'; result: IssueTicketResult }
  | { type: 'fail'; code: string; fields?: string[] }
  | { type: 'end' };

export const initialState: KioskState = { screen: { name: 'start' }, identity: null };

/** The screen that carries out an intent once the resident is identified. */
export function screenFor(intent: Intent): Screen {
  switch (intent.kind) {
    case 'take':
      return { name: 'take-number', channel: intent.channel, itemId: intent.itemId };
    case 'appointments':
      return { name: 'appointments' };
    case 'booking':
      return { name: 'booking' };
  }
}

export function reduce(state: KioskState, action: KioskAction): KioskState {
  switch (action.type) {
    case 'want':
      return {
        ...state,
        screen: state.identity ? screenFor(action.intent) : { name: 'identify', intent: action.intent },
      };
    case 'identified': {
      // A card read reacts at once: on the identify screen it carries on with what was asked; elsewhere
      // (start, guide) it only greets, and the technician's test read stays on the technician screen.
      const screen = state.screen.name === 'identify' ? screenFor(state.screen.intent) : state.screen;
      return { screen, identity: action.identity };
    }
    case 'show':
      return { ...state, screen: action.screen };
    case 'issued':
      return { ...state, screen: { name: 'ticket-result', result: action.result } };
    case 'fail':
      return {
        ...state,
        screen: {
          name: 'error',
          code: action.code,
          ...(action.fields?.length ? { fields: action.fields } : {}),
        },
      };
    case 'end':
      return initialState;
  }
}

/** Screens on which personal data may be shown, and so the idle timer runs. */
export function sessionActive(state: KioskState): boolean {
  return state.identity !== null || state.screen.name !== 'start';
}

// The bridge protocol lives in contract/bridge.ts: the page (renderer/shared/bridge-client.ts) parses
// the host's messages with the same schemas the host sends them by.
export * from '../../../contract/bridge';

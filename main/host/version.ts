// The host's version as shown in technician mode and sent in heartbeats (package.json's version;
// the bundler inlines nothing, so it is kept here and checked by a unit test).
export const HOST_VERSION = '0.1.0';

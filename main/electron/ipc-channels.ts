// IPC channel names shared by main and preload; the call channels are the keys of KioskChannels.
export const IPC_CALL = 'doorstep:call';
export const IPC_EVENT = 'doorstep:event';

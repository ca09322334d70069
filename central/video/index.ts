// Remote video assistance (远程视频帮办): the central service registers this one plugin.
export { videoPlugin, type VideoPluginOptions } from './plugin';
export { videoOptionsOf } from './options';
export type { VideoTicketPort, VideoTimers } from './service';

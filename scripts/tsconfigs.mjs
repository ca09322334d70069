// The tsconfigs that tsc --noEmit checks, one per environment (style.md 8).
export const CONFIGS = ['tsconfig.json', 'tsconfig.electron.json', 'tsconfig.renderer.json'];

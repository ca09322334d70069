import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n';
import './base.css';

/** Mounts one front end into #root inside the shared providers. */
export function mount(app: ReactNode): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('index.html has no #root element');
  createRoot(el).render(
    <StrictMode>
      <I18nProvider>{app}</I18nProvider>
    </StrictMode>,
  );
}

import { Bi, LanguageSwitch } from '../shared/i18n';

export function DashboardApp() {
  return (
    <>
      <header className="app-header">
        <Bi k="app.dashboard" as="h1" />
        <LanguageSwitch />
      </header>
      <main>
        <Bi k="app.name" as="h2" />
      </main>
    </>
  );
}

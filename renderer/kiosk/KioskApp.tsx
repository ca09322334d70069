import { Bi, LanguageSwitch } from '../shared/i18n';

export function KioskApp() {
  return (
    <>
      <header className="app-header">
        <Bi k="app.kiosk" as="h1" />
        <LanguageSwitch />
      </header>
      <main>
        <Bi k="app.name" as="h2" />
      </main>
    </>
  );
}

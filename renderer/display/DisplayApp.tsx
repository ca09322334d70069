import { Bi, LanguageSwitch } from '../shared/i18n';

export function DisplayApp() {
  return (
    <>
      <header className="app-header">
        <Bi k="app.display" as="h1" />
        <LanguageSwitch />
      </header>
      <main>
        <Bi k="app.name" as="h2" />
      </main>
    </>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/setup.ts';
import './app/global.css';
import { AppProviders } from './app/AppProviders.tsx';
import { AppRouter } from './app/AppRouter.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <AppRouter />
    </AppProviders>
  </StrictMode>,
);

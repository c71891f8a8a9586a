import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/studio.css';
import './styles/queue.css';
import './styles/gallery.css';
import './styles/health.css';
import './styles/settings.css';
import './styles/print.css';
import './styles/projects.css';
import './styles/tools.css';
import './styles/models.css';

const container = document.getElementById('root');
if (!container) throw new Error('Motif: #root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

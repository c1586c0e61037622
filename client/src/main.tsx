// Entry of the browser client: the React app shell (app/Shell.tsx) with its router (app/router.tsx).
// The client stays thin: it renders what the server decides and sends intents.
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createRouter } from './app/router.tsx';

// Not StrictMode: its double effects would join every table twice.
createRoot(document.getElementById('app')!).render(<RouterProvider router={createRouter()} />);

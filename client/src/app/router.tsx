// Every screen at its real address. The lobby loads with the app; every other screen is its own chunk
// (the table and its physics on /play and /watch, the venue map's libraries only on /venues), fetched
// when first visited. A room joined in the lobby is held meanwhile (net/room-handoff.ts).
import { createBrowserRouter, type RouteObject } from 'react-router';
import { LobbyScreen } from '../screens/LobbyScreen.tsx';
import { NotFoundScreen } from '../screens/NotFoundScreen.tsx';
import { ROUTES } from './paths.ts';
import { Shell } from './Shell.tsx';

const social = (name: keyof typeof import('../screens/social.ts')) => () => import('../screens/social.ts').then((m) => ({ Component: m[name] }));

export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { path: ROUTES.lobby, element: <LobbyScreen /> },
      // Keyed by kind so /play/X → /watch/X joins again as a spectator.
      { path: ROUTES.play, lazy: () => import('../screens/TableScreen.tsx').then(({ TableScreen }) => ({ element: <TableScreen key="play" spectate={false} /> })) },
      { path: ROUTES.watch, lazy: () => import('../screens/TableScreen.tsx').then(({ TableScreen }) => ({ element: <TableScreen key="watch" spectate /> })) },
      { path: ROUTES.replay, lazy: () => import('../screens/ReplayScreen.tsx').then((m) => ({ Component: m.ReplayScreen })) },
      { path: ROUTES.player, lazy: () => import('../screens/ProfileScreen.tsx').then((m) => ({ Component: m.ProfileScreen })) },
      { path: ROUTES.leaderboard, lazy: () => import('../screens/LeaderboardScreen.tsx').then((m) => ({ Component: m.LeaderboardScreen })) },
      { path: ROUTES.venues, lazy: () => import('../screens/VenuesScreen.tsx').then((m) => ({ Component: m.VenuesScreen })) },
      { path: ROUTES.practice, lazy: () => import('../screens/PracticeScreen.tsx').then((m) => ({ Component: m.PracticeScreen })) },
      { path: ROUTES.practiceAt, lazy: () => import('../screens/PracticeScreen.tsx').then((m) => ({ Component: m.PracticeScreen })) },
      { path: ROUTES.tournaments, lazy: () => import('../screens/TournamentsScreen.tsx').then((m) => ({ Component: m.TournamentsScreen })) },
      { path: ROUTES.tournament, lazy: () => import('../screens/TournamentScreen.tsx').then((m) => ({ Component: m.TournamentScreen })) },
      { path: ROUTES.settings, lazy: () => import('../screens/SettingsScreen.tsx').then((m) => ({ Component: m.SettingsScreen })) },
      // social (issue 18): friends, conversations, clans, notifications, one chunk for the five
      { path: ROUTES.friends, lazy: social('FriendsScreen') },
      { path: ROUTES.conversation, lazy: social('ConversationScreen') },
      { path: ROUTES.clans, lazy: social('ClansScreen') },
      { path: ROUTES.clan, lazy: social('ClanScreen') },
      { path: ROUTES.notifications, lazy: social('NotificationsScreen') },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);

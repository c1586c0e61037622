// The social screens (issue 18) as one lazily loaded chunk: the router's five social routes share it,
// so the entry carries one dynamic import for them instead of five.
export { FriendsScreen } from './FriendsScreen.tsx';
export { ConversationScreen } from './ConversationScreen.tsx';
export { ClansScreen, ClanScreen } from './ClanScreen.tsx';
export { NotificationsScreen } from './NotificationsScreen.tsx';

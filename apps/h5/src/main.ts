import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Function-style Vant APIs are not templates, so the auto-import resolver cannot see them.
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import './styles/theme.css';
import './styles/base.css';
import App from './App.vue';
import { router, navigating } from './router';
import { setUnauthorizedHandler } from './api/client';
import { useAuthStore } from './stores/auth';
import { usePrefsStore } from './stores/prefs';
import { installKeyboardActivation } from './utils/a11y';
import { useSiteStore } from './stores/site';
import { prefetchChannelPage } from './composables/useChannelPage';

installKeyboardActivation();

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
// Applies 长辈版 to <html> before the first paint of the app.
usePrefsStore(pinia);
app.use(router);

// A lost session met on a page that needs one: go to login and come back afterwards.
setUnauthorizedHandler(() => {
  useAuthStore(pinia).markAnonymous();
  const current = router.currentRoute.value;
  if (!navigating && current.meta.requiresAuth) {
    void router.replace({ path: '/login', query: { redirect: current.fullPath } });
  }
});

// Learn early whether the citizen is logged in (电子证照, 我的); pages never wait for it.
void useAuthStore(pinia).fetchMe();

// Opening a channel: its blocks are requested now, alongside the route's code, not after it.
const CHANNELS = { '/': 'home', '/affairs': 'affairs', '/services': 'services' } as const;
const opening = CHANNELS[location.pathname as keyof typeof CHANNELS];
if (opening) prefetchChannelPage(opening, useSiteStore(pinia).current.code);

void router.isReady().then(() => app.mount('#app'));

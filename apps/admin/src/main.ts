import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { installRouterGuard } from './router/guard';
import { installRequestHooks } from './router/request-hooks';
// ElMessage / ElMessageBox are imported explicitly (so ESLint and readers see them), which means the
// resolver does not add their CSS; it is imported here once. The theme file comes last.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import './styles/index.css';

const app = createApp(App);
app.use(createPinia());
installRouterGuard(router);
installRequestHooks(router);
app.use(router);
app.mount('#app');

import { computed, toRaw, toValue, type MaybeRefOrGetter } from 'vue';
import { useRouter, type RouteLocationRaw } from 'vue-router';
import type { AppCard } from '@dz/contracts';
import { classifyLink, isHttpUrl, isServerPath, webviewRoute } from '../utils/links';
import { useRecordVisit } from './useVisit';

/** History state key under which an app card travels to /apps/:id, so that page renders at once. */
export const APP_STATE_KEY = 'dzApp';

/** The app page for apps that cannot be opened (即将上线, 已下线, a broken target). */
export function appPageRoute(app: AppCard): RouteLocationRaw {
  // Cloned through JSON: history.state must be structured-cloneable, a reactive proxy is not.
  return { path: `/apps/${app.id}`, state: { [APP_STATE_KEY]: JSON.parse(JSON.stringify(toRaw(app))) as AppCard } };
}

/** Where opening the app leads, or null when only its app page can explain why it cannot open. */
function openTarget(app: AppCard | null | undefined): { route: RouteLocationRaw } | { reload: string } | null {
  if (!app || app.status !== 'online') return null;
  // 在线表单 (issue 10): the engine's form; its code as `formCode`, else as the target.
  if ((app.kind as string) === 'form') {
    const code = ((app as { formCode?: string | null }).formCode ?? app.target ?? '').trim();
    return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(code) ? { route: `/forms/${encodeURIComponent(code)}` } : null;
  }
  if (app.kind === 'item') {
    const id = (app.target ?? '').trim();
    return /^\d+$/.test(id) ? { route: `/items/${id}` } : null;
  }
  if (app.kind === 'route') {
    const link = classifyLink(app.target ?? '');
    if (link.kind === 'internal') return isServerPath(link.path) ? { reload: link.path } : { route: link.path };
    if (link.kind === 'external') return { route: webviewRoute(link.url, app.name) };
    return null;
  }
  // external: an H5 page of a partner, shown in the in-app frame (http(s) only).
  const url = (app.target ?? '').trim();
  if (/^https?:\/\//i.test(url) && isHttpUrl(url)) return { route: webviewRoute(url, app.name) };
  return null;
}

/**
 * Opening an app, the same way everywhere (zone, theme, search, subscriptions): a built-in page,
 * a partner H5 in the in-app frame, a 事项 guide, or an online form of the engine; apps not online open their app page which
 * says so. Every open is recorded (app or 掌上办) without waiting for the answer.
 */
export function useAppLauncher(appRef: MaybeRefOrGetter<AppCard | null | undefined>) {
  const router = useRouter();
  const record = useRecordVisit();

  const target = computed(() => openTarget(toValue(appRef)));
  /** For the tile's href: a real link, so it is announced and can be opened in a new tab. */
  const location = computed<RouteLocationRaw>(() => {
    const t = target.value;
    if (t && 'route' in t) return t.route;
    if (t && 'reload' in t) return t.reload;
    const app = toValue(appRef);
    return app ? appPageRoute(app) : '/';
  });
  const href = computed(() => {
    const t = target.value;
    return t && 'reload' in t ? t.reload : router.resolve(location.value).href;
  });
  const opensDirectly = computed(() => target.value !== null);

  function launch(): void {
    const app = toValue(appRef);
    if (!app) return;
    record(app.palm ? 'palm' : 'app', app.id);
    const t = target.value;
    if (t && 'reload' in t) {
      window.location.assign(t.reload);
      return;
    }
    void router.push(location.value);
  }

  return { location, href, launch, opensDirectly };
}
